# policy: default
# inputs: {"text": "INV-2024-0042 2024-03-05 ACME Corp  EUR 1,234.50 paid\nINV-2024-0043 2024-03-09 Globex  USD 99.00 due\nbad line here\nINV-2023-0999 2023-12-31 Initech  GBP 12,000.00 overdue"}
# expect: {"rows":[{"id":"INV-2024-0042","year":"2024","seq":"0042","date":"2024-03-05","customer":"ACME Corp","cur":"EUR","amount":1234.5,"status":"paid"},{"id":"INV-2024-0043","year":"2024","seq":"0043","date":"2024-03-09","customer":"Globex","cur":"USD","amount":99.0,"status":"due"},{"id":"INV-2023-0999","year":"2023","seq":"0999","date":"2023-12-31","customer":"Initech","cur":"GBP","amount":12000.0,"status":"overdue"}],"masked":["INV-2024-0042 <PAID>","INV-2024-0043 <DUE>","bad line here","INV-2023-0999 <OVERDUE>"],"spans":[[25,34],[79,85],[140,147]],"words":["Corp","Globex","Initech"],"nlines":4,"swapped":"INV-2024-0042 05/03/2024 ACME Corp  EUR 1,234.50 paid","fullmatch":true,"escaped":"1\\+1=2\\ \\(ok\\?\\)"}
import re

LINE = re.compile(
    r"""
    ^(?P<id>INV-(?P<year>\d{4})-(?P<seq>\d{4}))\s+
    (?P<date>\d{4}-\d{2}-\d{2})\s+
    (?P<customer>.+?)\s+
    (?P<cur>[A-Z]{3})\s+
    (?P<amount>[\d,]+\.\d{2})\s+
    (?P<status>paid|due|overdue)$
    """,
    re.VERBOSE | re.MULTILINE,
)


def main(inputs):
    text = inputs["text"]
    rows = [m.groupdict() for m in LINE.finditer(text)]
    for r in rows:
        r["amount"] = float(r["amount"].replace(",", ""))
    masked = LINE.sub(lambda m: f"{m['id']} <{m['status'].upper()}>", text)
    spans = [m.span("customer") for m in LINE.finditer(text)]
    words = re.findall(r"\b[A-Z][a-z]+\b", text)
    split = re.split(r"\s*\n\s*", text)
    swapped = re.sub(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)", r"\g<d>/\g<m>/\g<y>", text.splitlines()[0])
    return {"rows": rows, "masked": masked.splitlines(), "spans": spans, "words": words,
            "nlines": len(split), "swapped": swapped,
            "fullmatch": bool(re.fullmatch(r"INV-\d{4}-\d{4}", "INV-2024-0042")),
            "escaped": re.escape("1+1=2 (ok?)")}
