# policy: strict
# inputs: {"records": [{"kind": "invoice", "amount": "12.50", "currency": "eur"}, {"kind": "refund", "amount": "-3"}, {"kind": "invoice", "amount": "abc", "currency": "usd"}, {"kind": "unknown"}]}
# expect: {"out":[["Invoice","12.50","EUR"],["Refund","-3","EUR"]],"errors":[[2,"amount: not a number: 'abc'"],[3,"unknown kind"]],"kinds":["invoice","refund"],"fields":["amount","currency"],"desc":"Money"}
from decimal import Decimal, InvalidOperation


class Field:
    def __set_name__(self, owner, name):
        self.name = "_" + name
        owner.fields = getattr(owner, "fields", ()) + (name,)

    def __get__(self, obj, objtype=None):
        return self if obj is None else getattr(obj, self.name)

    def __set__(self, obj, value):
        setattr(obj, self.name, self.convert(value))


class Money(Field):
    def convert(self, v):
        try:
            return Decimal(v)
        except InvalidOperation:
            raise ValueError(f"{self.name[1:]}: not a number: {v!r}") from None


class Upper(Field):
    def __init__(self, default):
        self.default = default

    def convert(self, v):
        return (v or self.default).upper()


class Record:
    registry = {}

    def __init_subclass__(cls, kind, **kw):
        super().__init_subclass__(**kw)
        Record.registry[kind] = cls

    def __init__(self, **kw):
        for f in self.fields:
            setattr(self, f, kw.get(f))


class Invoice(Record, kind="invoice"):
    amount = Money()
    currency = Upper("EUR")


class Refund(Record, kind="refund"):
    amount = Money()
    currency = Upper("EUR")

    def signed(self):
        return -abs(self.amount)


def main(inputs):
    out, errors = [], []
    for i, r in enumerate(inputs["records"]):
        cls = Record.registry.get(r.pop("kind"))
        if cls is None:
            errors.append([i, "unknown kind"])
            continue
        try:
            rec = cls(**r)
        except ValueError as e:
            errors.append([i, str(e)])
            continue
        amt = rec.signed() if isinstance(rec, Refund) else rec.amount
        out.append([type(rec).__name__, str(amt), rec.currency])
    return {"out": out, "errors": errors, "kinds": sorted(Record.registry),
            "fields": list(Invoice.fields), "desc": type(Invoice.amount).__name__}
