# policy: default
# inputs: {"orders": [["2024-05-01", "ann", 19.9], ["2024-05-01", "bo", 5.0], ["2024-05-02", "ann", 7.25], ["2024-05-03", "cy", 100.0]]}
# expect: {"per_day":[{"day":"2024-05-01","n":2,"total":24.9,"med":12.45},{"day":"2024-05-02","n":1,"total":7.25,"med":7.25},{"day":"2024-05-03","n":1,"total":100.0,"med":100.0}],"a_names":["ann"],"json":[{"who":"ann","amt":19.9},{"who":"cy","amt":100.0}],"ranked":[["cy",100.0,1],["ann",19.9,2],["ann",7.25,3],["bo",5.0,4]],"err":"no such table: nope","dump":["CREATE TABLE orders (day TEXT, who TEXT, amount REAL);"],"version_ok":true}
import json
import re
import sqlite3
import statistics


class Median:
    def __init__(self):
        self.xs = []

    def step(self, x):
        self.xs.append(x)

    def finalize(self):
        return statistics.median(self.xs)


def main(inputs):
    con = sqlite3.connect(":memory:")
    con.row_factory = sqlite3.Row
    con.create_function("regexp", 2, lambda p, s: re.search(p, s) is not None, deterministic=True)
    con.create_aggregate("median", 1, Median)
    con.execute("CREATE TABLE orders (day TEXT, who TEXT, amount REAL)")
    with con:
        con.executemany("INSERT INTO orders VALUES (?, ?, ?)", inputs["orders"])
    per_day = [dict(r) for r in con.execute(
        "SELECT day, count(*) AS n, round(sum(amount), 2) AS total, median(amount) AS med FROM orders GROUP BY day ORDER BY day")]
    a_names = [r[0] for r in con.execute("SELECT DISTINCT who FROM orders WHERE who REGEXP '^a'")]
    js = con.execute("SELECT json_group_array(json_object('who', who, 'amt', amount)) FROM orders WHERE amount > 10").fetchone()[0]
    ranked = [tuple(r) for r in con.execute(
        "SELECT who, amount, rank() OVER (ORDER BY amount DESC) FROM orders")]
    try:
        con.execute("INSERT INTO nope VALUES (1)")
    except sqlite3.OperationalError as e:
        err = str(e)
    dump = [l for l in con.iterdump() if l.startswith("CREATE")]
    return {"per_day": per_day, "a_names": a_names, "json": json.loads(js), "ranked": ranked, "err": err,
            "dump": dump, "version_ok": sqlite3.sqlite_version_info >= (3, 30)}
