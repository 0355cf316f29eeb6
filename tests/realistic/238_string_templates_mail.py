# policy: strict
# inputs: {"customer": {"first": "Zoë", "plan": "Pro", "renews": "2024-06-01", "amount": 1234.5}, "items": ["seat x3", "storage 50 GB"]}
# expect: {"mail":["Hi Zoë,","","Your Pro plan renews on June 1, 2024 for $1,234.50.","Items:","  - seat x3","  - storage 50 GB"],"partial":"Zoë owes $unknown","subject":"Zoë: ? (  Pro)","wrapped":["word word word word word word","> word word word word word","> word word word word word","> word word word word"],"short":"The quick brown fox…","caps":"Hello World","ids":["a"]}
import string
import textwrap
from collections import defaultdict
from datetime import date

BODY = textwrap.dedent("""\
    Hi $first,

    Your ${plan} plan renews on $renews_h for $$${amount}.
    Items:
    $items
""")


def main(inputs):
    c = inputs["customer"]
    vals = dict(c, renews_h=date.fromisoformat(c["renews"]).strftime("%B %-d, %Y"), amount=f"{c['amount']:,.2f}",
                items=textwrap.indent("\n".join(inputs["items"]), "  - "))
    mail = string.Template(BODY).substitute(vals)
    partial = string.Template("$first owes $unknown").safe_substitute(c)
    subject = "{first}: {missing} ({plan!s:>5})".format_map(defaultdict(lambda: "?", c))
    wrapped = textwrap.fill("word " * 20, width=30, subsequent_indent="> ")
    short = textwrap.shorten("The quick brown fox jumps over the lazy dog", width=25, placeholder="…")
    return {"mail": mail.splitlines(), "partial": partial, "subject": subject, "wrapped": wrapped.splitlines(),
            "short": short, "caps": string.capwords("hello   wORLD"), "ids": string.Template("$a").get_identifiers()}
