# policy: data
# inputs: {"rows": [{"id": 1, "total": 9.5}, {"id": 2, "total": 12}]}
# expect: {"hits":1,"rows":[{"id":1,"total":9.5},{"id":2,"total":12}],"keys":["hits","rows"],"left":[]}
import pathlib
import shelve


def main(inputs):
    # shelve as a persistent dict in out/: dbm.open picks gnu, ndbm or dumb by __import__
    with shelve.open("out/cache") as db:
        db["hits"] = db.get("hits", 0) + 1
        db["rows"] = inputs["rows"]
    with shelve.open("out/cache", flag="r") as db:
        got = {"hits": db["hits"], "rows": db["rows"], "keys": sorted(db)}
    for p in pathlib.Path("out").glob("cache*"):
        p.unlink()
    got["left"] = sorted(p.name for p in pathlib.Path("out").glob("cache*"))
    return got
