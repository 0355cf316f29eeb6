# policy: strict
# inputs: {"log": "2024-05-01T10:00:00Z level=INFO msg=\"user logged in\" user=ann ip=10.0.0.1\n2024-05-01T10:05:00Z level=ERROR msg=\"db timeout\" ms=5000\nbad line\n", "price": "EUR 1.234,56"}
# expect: {"rows":[{"t":"10:00:00","level":"INFO","msg":"user logged in","user":"ann","ip":"10.0.0.1"},{"t":"10:05:00","level":"ERROR","msg":"db timeout","ms":"5000"},{"bad":"bad line"}],"amount":["EUR",1234.56],"atomic_fails":true,"possessive_fails":true,"split":["a",", ","b",";","c"," ,","d"],"sub":"Hello World","escape":"1\\+1=2\\?\\ \\(yes\\)","lookbehind":["12.50","7"]}
import re

KV = re.compile(r'(?P<key>\w++)=(?:"(?P<q>[^"]*+)"|(?P<v>\S++))')
STAMP = re.compile(r"^(?>\d{4}-\d{2}-\d{2})T(?P<t>[\d:]+)Z\b")


def main(inputs):
    rows = []
    for line in inputs["log"].splitlines():
        m = STAMP.match(line)
        if not m:
            rows.append({"bad": line})
            continue
        fields = {k.group("key"): k.group("q") if k.group("q") is not None else k.group("v")
                  for k in KV.finditer(line)}
        rows.append({"t": m["t"], **fields})
    cur, amount = re.fullmatch(r"(?P<c>[A-Z]{3})\s+(?P<a>[\d.]+,\d{2})", inputs["price"]).groups()
    return {
        "rows": rows,
        "amount": [cur, float(amount.replace(".", "").replace(",", "."))],
        "atomic_fails": re.match(r"(?>a+)ab", "aaab") is None,
        "possessive_fails": re.match(r"a*+a", "aaa") is None,
        "split": re.split(r"(\s*[;,]\s*)", "a, b;c ,d"),
        "sub": re.sub(r"(?i)\b(\w)(\w*)", lambda m: m[1].upper() + m[2].lower(), "hELLO wORLD"),
        "escape": re.escape("1+1=2? (yes)"),
        "lookbehind": re.findall(r"(?<=\$)\d+(?:\.\d\d)?", "cost $12.50 or $7"),
    }
