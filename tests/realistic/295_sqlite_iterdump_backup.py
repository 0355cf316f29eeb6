# policy: default
# inputs: {"rows": [["ann", 3, 2.5], ["bob", 1, 10.0], ["cid", 7, 0.75]]}
# expect: {"rows":[{"name":"bob","qty":1,"price":10.0,"total":10.0},{"name":"ann","qty":3,"price":2.5,"total":7.5},{"name":"cid","qty":7,"price":0.75,"total":5.25}],"err":"CHECK constraint failed: qty > 0","copy":[3,11],"dump":["BEGIN TRANSACTION;","CREATE TABLE items (name TEXT PRIMARY KEY, qty INTEGER CHECK (qty > 0), price REAL);","INSERT INTO \"items\" VALUES('ann',3,2.5);","INSERT INTO \"items\" VALUES('bob',1,10.0);","INSERT INTO \"items\" VALUES('cid',7,0.75);","COMMIT;"],"keys":["name","qty","price"],"version_ok":true}
import sqlite3


def main(inputs):
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    db.execute("CREATE TABLE items (name TEXT PRIMARY KEY, qty INTEGER CHECK (qty > 0), price REAL)")
    with db:
        db.executemany("INSERT INTO items VALUES (?, ?, ?)", inputs["rows"])
    try:
        with db:
            db.execute("UPDATE items SET qty = qty - 1")
            db.execute("INSERT INTO items VALUES ('ann', 1, 1)")
    except sqlite3.IntegrityError as e:
        err = str(e)
    rows = [dict(r) for r in db.execute("SELECT *, qty * price AS total FROM items ORDER BY total DESC")]
    copy = sqlite3.connect(":memory:")
    db.backup(copy)
    n = copy.execute("SELECT count(*), sum(qty) FROM items").fetchone()
    dump = list(db.iterdump())
    keys = db.execute("SELECT * FROM items LIMIT 1").fetchone().keys()
    return {"rows": rows, "err": err, "copy": list(n), "dump": dump, "keys": keys,
            "version_ok": sqlite3.sqlite_version_info >= (3, 0, 0)}
