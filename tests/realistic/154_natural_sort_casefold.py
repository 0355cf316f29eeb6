# policy: default
# inputs: {"files": ["file10.txt", "File2.txt", "file1.txt", "éclair.txt", "Eclair.txt", "zeta.txt", "file1b.txt", "_private.txt", "10-files.txt"], "people": [{"name": "ann", "age": 30, "city": "Oslo"}, {"name": "Bob", "age": 25, "city": "oslo"}, {"name": "cid", "age": 30, "city": "Bergen"}, {"name": "Dee", "age": 25, "city": "Bergen"}]}
# expect: {"plain":["10-files.txt","Eclair.txt","File2.txt","_private.txt","file1.txt","file10.txt","file1b.txt","zeta.txt","éclair.txt"],"casefold":["10-files.txt","_private.txt","Eclair.txt","file1.txt","file10.txt","file1b.txt","File2.txt","zeta.txt","éclair.txt"],"natural":["10-files.txt","_private.txt","Eclair.txt","file1.txt","file1b.txt","File2.txt","file10.txt","zeta.txt","éclair.txt"],"accents":["10-files.txt","_private.txt","Eclair.txt","éclair.txt","file1.txt","file10.txt","file1b.txt","File2.txt","zeta.txt"],"multi":["cid","ann","Dee","Bob"],"stable":["Bob","Dee","ann","cid"],"cmp":["Bob","Dee","ann","cid"],"max_by":"cid","reversed":[3,2,1],"mixed_err":"'<' not supported between instances of 'str' and 'int'"}
import re
import unicodedata
from functools import cmp_to_key
from operator import itemgetter


def natural(s):
    return [int(t) if t.isdigit() else t.casefold() for t in re.split(r"(\d+)", s)]


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def main(inputs):
    files = inputs["files"]
    ppl = inputs["people"]

    def cmp(a, b):
        return (a["age"] > b["age"]) - (a["age"] < b["age"]) or (a["name"].lower() > b["name"].lower()) - (a["name"].lower() < b["name"].lower())

    return {
        "plain": sorted(files),
        "casefold": sorted(files, key=str.casefold),
        "natural": sorted(files, key=natural),
        "accents": sorted(files, key=lambda s: (strip_accents(s).casefold(), s)),
        "multi": [p["name"] for p in sorted(ppl, key=lambda p: (-p["age"], p["city"].casefold(), p["name"]))],
        "stable": [p["name"] for p in sorted(sorted(ppl, key=itemgetter("name")), key=itemgetter("age"))],
        "cmp": [p["name"] for p in sorted(ppl, key=cmp_to_key(cmp))],
        "max_by": max(ppl, key=itemgetter("age", "name"))["name"],
        "reversed": sorted([3, 1, 2], reverse=True),
        "mixed_err": _mixed(),
    }


def _mixed():
    try:
        sorted([1, "a"])
    except TypeError as e:
        return str(e)
