# policy: strict
# inputs: {"template": "Dear {name.title}, your order #{order[id]:>06} of {total:,.2f} {currency!s} ships {date:%d %b %Y}. {missing}", "values": {"name": {"title": "Dr Lee"}, "order": {"id": 42}, "total": 12345.678, "currency": "EUR"}}
# expect: {"fields":["name.title","order[id]","total","currency","date","missing"],"specs":["",">06",",.2f","","%d %b %Y",""],"filled":"Dear Dr Lee, your order #000042 of 12,345.68 EUR ships 04 Jul 2024. {missing}","translated":"Groesse ueber Maedchen","capwords":"Hello Wide World","tmpl":"Ann owes ${amount}$","ids":["a","b"]}
import datetime
import string
from types import SimpleNamespace


class Default(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def main(inputs):
    t = inputs["template"]
    fields = [(lit, name, spec, conv) for lit, name, spec, conv in string.Formatter().parse(t)]
    v = dict(inputs["values"])
    v["name"] = SimpleNamespace(**v["name"])
    v["date"] = datetime.date(2024, 7, 4)
    filled = t.format_map(Default(v))
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}, )
    return {
        "fields": [f[1] for f in fields if f[1] is not None],
        "specs": [f[2] for f in fields if f[1] is not None],
        "filled": filled,
        "translated": "Größe über Mädchen".translate(table),
        "capwords": string.capwords("  hello   wide  world "),
        "tmpl": string.Template("$who owes ${amount}$$").safe_substitute(who="Ann"),
        "ids": string.Template("$a ${b} $$c").get_identifiers(),
    }
