# policy: default
# inputs: {"ds": "2024-03-01", "params": {"lookback_days": 3, "table": "events"}, "run_id": "scheduled__2024-03-01T00:00:00+00:00"}
# expect: {"ds_nodash":"20240301","sql":"SELECT count(*) FROM events WHERE ds IN ('20240301', '20240229', '20240228')","scheduled":true}
import datetime as dt
import logging

log = logging.getLogger("airflow.task")


def main(ds, params, **context):
    day = dt.date.fromisoformat(ds)
    window = [(day - dt.timedelta(days=i)).strftime("%Y%m%d") for i in range(params["lookback_days"])]
    sql = f"SELECT count(*) FROM {params['table']} WHERE ds IN ({', '.join(repr(w) for w in window)})"
    log.info("running %s", sql)
    return {"ds_nodash": ds.replace("-", ""), "sql": sql, "scheduled": context["run_id"].startswith("scheduled__")}
