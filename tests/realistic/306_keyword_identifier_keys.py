# policy: strict
# inputs: {"columns": ["First Name", "class", "2nd-address", "e-mail", "Größe", "", "lambda", "first_name", "None"]}
# expect: {"names":["first_name","class_","c2nd_address","e_mail","groe","col","lambda_","first_name_2","none_"],"valid":true,"fields":["first_name","class_","c2nd_address","e_mail","groe","col","lambda_","first_name_2","none_"],"err":"Type names and field names cannot be a keyword: 'class'","soft":["_","case","match"],"renamed":["a","_1","_2"]}
import keyword
import re
import unicodedata
from collections import namedtuple


def ident(name, seen):
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"\W+", "_", s).strip("_").lower() or "col"
    if s[0].isdigit():
        s = "c" + s
    if keyword.iskeyword(s) or keyword.issoftkeyword(s) or s in ("none", "true", "false") and s.capitalize() in keyword.kwlist:
        s += "_"
    base, n = s, 1
    while s in seen:
        n += 1
        s = f"{base}_{n}"
    seen.add(s)
    return s


def main(inputs):
    seen = set()
    names = [ident(c, seen) for c in inputs["columns"]]
    Row = namedtuple("Row", names)
    try:
        namedtuple("Bad", ["class"])
        err = None
    except ValueError as e:
        err = str(e)
    return {"names": names, "valid": all(n.isidentifier() for n in names),
            "fields": list(Row._fields), "err": err, "soft": sorted(keyword.softkwlist),
            "renamed": list(namedtuple("R", ["a", "def", "a"], rename=True)._fields)}
