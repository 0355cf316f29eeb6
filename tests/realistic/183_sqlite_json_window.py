# policy: default
# inputs: {"events": [{"user": "a", "kind": "click", "meta": {"x": 1}}, {"user": "b", "kind": "view", "meta": {"x": 5}}, {"user": "a", "kind": "view", "meta": {"x": 2}}]}
# expect: {"rows":[["a",2,3],["b",1,5]],"window":[["a","click",1],["a","view",2],["b","view",1]],"ver":1}
import sqlite3, json
def main(inputs):
    db = sqlite3.connect(":memory:")
    db.execute("create table e (user text, kind text, meta json)")
    db.executemany("insert into e values (?, ?, ?)", [(e["user"], e["kind"], json.dumps(e["meta"])) for e in inputs["events"]])
    rows = db.execute("select user, count(*), sum(json_extract(meta, '$.x')) from e group by user order by user").fetchall()
    w = db.execute("select user, kind, row_number() over (partition by user order by kind) from e order by user, kind").fetchall()
    fts = db.execute("select sqlite_version() >= '3.30'").fetchone()[0]
    return {"rows": rows, "window": w, "ver": fts}
