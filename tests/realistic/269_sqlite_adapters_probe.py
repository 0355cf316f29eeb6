# policy: default
# inputs: {"rows": [["2024-05-01T10:00:00", "12.50", "ann"], ["2024-05-02T11:30:00", "7.25", "bo"]]}
# expect: {"rows":[["2024-05-01T10:00:00","12.5","ann"],["2024-05-02T11:30:00","7.25","bo"]],"keys":["at","amount","who"],"total":"19.75","integrity":"NOT NULL constraint failed: pay.who","n":2,"typed":["Decimal","Decimal"],"dump":["BEGIN TRANSACTION;","CREATE TABLE pay (at TS, amount DECIMAL, who TEXT NOT NULL);","INSERT INTO \"pay\" VALUES('2024-05-01T10:00:00',12.5,'ann');"],"copied":2,"g":9.5197,"ro":"unable to open database file","probe":{"sales.csv":"DatabaseError: file is not a database","config.json":"DatabaseError: file is not a database"},"lib":true}
import datetime as dt
import sqlite3
from decimal import Decimal

sqlite3.register_adapter(Decimal, str)
sqlite3.register_converter("DECIMAL", lambda b: Decimal(b.decode()))
sqlite3.register_adapter(dt.datetime, lambda d: d.isoformat())
sqlite3.register_converter("TS", lambda b: dt.datetime.fromisoformat(b.decode()))


def main(inputs):
    con = sqlite3.connect(":memory:", detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    con.row_factory = sqlite3.Row
    con.execute("CREATE TABLE pay (at TS, amount DECIMAL, who TEXT NOT NULL)")
    with con:
        con.executemany("INSERT INTO pay VALUES (?, ?, ?)",
                        [(dt.datetime.fromisoformat(a), Decimal(m), w) for a, m, w in inputs["rows"]])
    rows = con.execute("SELECT at, amount, who FROM pay ORDER BY at").fetchall()
    total = sum(r["amount"] for r in rows)
    try:
        with con:
            con.execute("INSERT INTO pay VALUES (?, ?, ?)", (None, "1", None))
    except sqlite3.IntegrityError as e:
        integrity = str(e)
    n = con.execute("SELECT count(*) FROM pay").fetchone()[0]
    cur = con.execute("SELECT amount AS \"a [DECIMAL]\" FROM pay")
    typed = [type(r[0]).__name__ for r in cur]
    dump = list(con.iterdump())
    other = sqlite3.connect(":memory:")
    con.backup(other)
    copied = other.execute("SELECT count(*) FROM pay").fetchone()[0]
    con.create_aggregate("gmean", 1, type("G", (), {"__init__": lambda s: setattr(s, "v", []), "step": lambda s, x: s.v.append(x),
                                                   "finalize": lambda s: round((lambda p: p ** (1 / len(s.v)))(__import__("math").prod(s.v)), 4)}))
    g = con.execute("SELECT gmean(CAST(amount AS REAL)) FROM pay").fetchone()[0]
    try:
        sqlite3.connect("file:missing.db?mode=ro", uri=True)
    except sqlite3.OperationalError as e:
        ro = str(e)
    probe = {}
    for name in ("sales.csv", "config.json"):  # an upload: is it an SQLite database?
        try:
            sqlite3.connect(f"file:{name}?mode=ro", uri=True).execute("SELECT count(*) FROM sqlite_master")
            probe[name] = "sqlite"
        except sqlite3.DatabaseError as e:
            probe[name] = f"{type(e).__name__}: {e}"
    return {"rows": [[r["at"].isoformat(), str(r["amount"]), r["who"]] for r in rows], "keys": rows[0].keys(), "total": str(total),
            "integrity": integrity, "n": n, "typed": typed, "dump": dump[:3], "copied": copied, "g": g, "ro": ro,
            "probe": probe, "lib": sqlite3.sqlite_version_info >= (3, 0, 0)}
