# policy: strict
# inputs: {"customer": {"name": "Ada Lovelace", "plan": "Pro", "due": 129.5, "items": [["Seats", 5, 20.0], ["Storage 1 TB", 1, 29.5]]}, "note": "Thank you for being a customer since 2019. Your plan renews automatically each month unless you cancel at least three days before the renewal date."}
# expect: {"head":"Dear Ada Lovelace, your Pro plan: %129.5 due.","partial":"Hi Ada Lovelace, $missing","key_err":"KeyError('b')","val_err":"Invalid placeholder in string: line 1, col 6","table":"Seats            5 x    20.00 =    100.00\nStorage 1 TB     1 x    29.50 =     29.50\n--------------------------------------\nTOTAL                           129.50","body":"  Thank you for being a customer since\n  2019. Your plan renews automatically\n  each month unless you cancel at least\n  three days before the renewal date.","short":"Thank you for being a customer since 2019. [...]","indented":"Items:\n>     - one\n>     - two\n","wrap":["supercalif","ragilistic","expialidoc","ious word"],"fmt":"Ada Lovelace owes 129.50 ('Pro') ?","debug":"x=3.14 width = 10","nested":"      3.14|  centre  |","ids":["a","b"],"valid":true,"caps":"Hello Wide World","formatter":[["a","0",">3",null],["b","name","","s"]]}
import string
import textwrap
from collections import defaultdict


class Dollar(string.Template):
    delimiter = "%"
    idpattern = r"[a-z][_a-z0-9]*"


def main(inputs):
    c = inputs["customer"]
    head = Dollar("Dear %name, your %{plan} plan: %%%due due.").substitute(name=c["name"], plan=c["plan"], due=c["due"])
    partial = string.Template("$greeting $name, $missing").safe_substitute(greeting="Hi", name=c["name"])
    try:
        string.Template("$a $b").substitute(a=1)
    except KeyError as e:
        key_err = repr(e)
    try:
        string.Template("cost $5").substitute()
    except ValueError as e:
        val_err = str(e)
    lines = [f"{name:<14}{qty:>4} x {price:>8.2f} = {qty * price:>9,.2f}" for name, qty, price in c["items"]]
    total = sum(q * p for _, q, p in c["items"])
    body = textwrap.fill(inputs["note"], width=40, initial_indent="  ", subsequent_indent="  ")
    dedented = textwrap.dedent("""\
        Items:
            - one
            - two
        """)
    fmt = "{name} owes {due:.2f} ({plan!r}) {extra}".format_map(defaultdict(lambda: "?", c))
    x, width = 3.14159, 10
    return {
        "head": head, "partial": partial, "key_err": key_err, "val_err": val_err,
        "table": "\n".join(lines + ["-" * 38, f"{'TOTAL':<14}{total:>24,.2f}"]),
        "body": body, "short": textwrap.shorten(inputs["note"], width=50, placeholder=" [...]"),
        "indented": textwrap.indent(dedented, "> ", lambda l: l.strip().startswith("-")),
        "wrap": textwrap.wrap("supercalifragilisticexpialidocious word", 10, break_long_words=True),
        "fmt": fmt, "debug": f"{x=:.2f} {width = }", "nested": f"{x:{width}.{2}f}|{'centre':^{width}}|",
        "ids": Dollar("%a %b").get_identifiers() if hasattr(Dollar, "get_identifiers") else None,
        "valid": string.Template("$x ${y}").is_valid(), "caps": string.capwords("hello   wide world"),
        "formatter": list(string.Formatter().parse("a{0:>3}b{name!s}")),
    }
