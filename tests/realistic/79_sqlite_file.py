# policy: data
# inputs: {"events": [["signup", "ann"], ["login", "ann"], ["login", "bob"], ["purchase", "ann"]]}
# expect: {"counts":[["login",2],["purchase",1],["signup",1]],"n":5,"dump":["BEGIN TRANSACTION;","CREATE TABLE ev(kind text, who text);","INSERT INTO \"ev\" VALUES('signup','ann');"],"ro_err":"attempt to write a readonly database","size_positive":true}
import sqlite3
from pathlib import Path


def main(inputs):
    path = Path("out") / "events.db"
    path.unlink(missing_ok=True)  # rebuilt from the inputs each run
    with sqlite3.connect(path) as db:
        db.execute("create table if not exists ev(kind text, who text)")
        db.executemany("insert into ev values (?, ?)", inputs["events"])
    db.close()
    db = sqlite3.connect(path)
    db.execute("pragma journal_mode=wal")
    counts = db.execute("select kind, count(*) from ev group by kind order by kind").fetchall()
    db.execute("insert into ev values ('logout', 'bob')")
    db.commit()
    n = db.execute("select count(*) from ev").fetchone()[0]
    dump = list(db.iterdump())[:3]
    db.close()
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ro.execute("insert into ev values ('x', 'y')")
        ro_err = None
    except sqlite3.OperationalError as e:
        ro_err = str(e)
    return {"counts": counts, "n": n, "dump": dump, "ro_err": ro_err, "size_positive": path.stat().st_size > 0}
