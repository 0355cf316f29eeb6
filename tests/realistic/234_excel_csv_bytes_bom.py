# policy: default
# inputs: {"b64": "77u/TmFtZTtCZXRyYWc7RGF0dW0NCk3DvGxsZXI7MS4yMzQsNTY7MDEuMDIuMjAyNA0KIlPDpGdlLCBHbWJIIjsxMiw1OzE1LjEyLjIwMjMNCg=="}
# expect: {"bom":true,"delimiter":";","rows":[{"name":"Müller","amount":"1234.56","date":"2024-02-01"},{"name":"Säge, GmbH","amount":"12.5","date":"2023-12-15"}]}
import base64
import codecs
import csv
import io
from datetime import datetime
from decimal import Decimal


def main(inputs):
    raw = base64.b64decode(inputs["b64"])
    bom = raw.startswith(codecs.BOM_UTF8)
    text = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")
    dialect = csv.Sniffer().sniff(text.read(1024), delimiters=";,")
    text.seek(0)
    rows = []
    for r in csv.DictReader(text, dialect=dialect):
        rows.append({"name": r["Name"], "amount": str(Decimal(r["Betrag"].replace(".", "").replace(",", "."))),
                     "date": datetime.strptime(r["Datum"], "%d.%m.%Y").date().isoformat()})
    return {"bom": bom, "delimiter": dialect.delimiter, "rows": rows}
