# policy: default
# inputs: {"rows": [["Widget", 1234.5, 0.0825], ["Gadget Pro Max", 99, 0.19], ["日本語の商品", 7.25, 0.1], ["Café", -12.5, 0.0]]}
# expect: {"table":["Widget         |   1,234.50 |   8.2% | +001234.5","Gadget Pro Max |      99.00 |  19.0% | +000099.0","日本語の商品   |       7.25 |  10.0% | +000007.2","Café           |     -12.50 |   0.0% | -000012.5"],"misc":["0xff","11111111","1.000e-07","12_345.7","****x****","3","0.333333333333333","-0.0","1,234,567","+     42","inf","1.4142135623730951"],"fields":["name","amount","date"],"vformat":"5-3","names":["LATIN SMALL LETTER E WITH ACUTE","EURO SIGN","GRINNING FACE"],"categories":["Ll","Lu","Nd","Zs","Po","Ll","Mn"],"numeric":[0.5,12.0,3.0],"nfc_nfd":[1,2,1,2],"combining":230,"mirrored":1,"casefold":["strasse","ǆ","SS","i̇"],"title":"They'Re Bill'S Friends From The Uk","capwords":"They're Bill's Friends"}
import string
import unicodedata


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(s, n):
    return s + " " * (n - width(s))


def main(inputs):
    rows = inputs["rows"]
    w = max(width(r[0]) for r in rows)
    table = [f"{pad(name, w)} | {price:>10,.2f} | {rate:6.1%} | {price:+09.1f}" for name, price, rate in rows]
    fmt = string.Formatter()
    return {
        "table": table,
        "misc": [f"{255:#x}", f"{255:08b}", f"{1e-7:.3e}", f"{12345.6789:_.1f}", f"{'x':*^9}", f"{3.0:g}", f"{1/3:.15g}", f"{-0.0:.1f}", format(1234567, ","), f"{42:=+8}", f"{float('inf')}", f"{2**0.5!r}"],
        "fields": [t[1] for t in fmt.parse("Hi {name}, you owe {amount:.2f} by {date!s}")],
        "vformat": fmt.vformat("{0[x]}-{1.real}", [{"x": 5}, 3], {}),
        "names": [unicodedata.name(c, "?") for c in "é€😀"],
        "categories": [unicodedata.category(c) for c in "aA1 ,é\u0301"],
        "numeric": [unicodedata.numeric(c) for c in "½Ⅻ٣"],
        "nfc_nfd": [len(unicodedata.normalize(f, "é")) for f in ("NFC", "NFD", "NFKC", "NFKD")],
        "combining": unicodedata.combining("\u0301"),
        "mirrored": unicodedata.mirrored("("),
        "casefold": ["Straße".casefold(), "ǅ".lower(), "ß".upper(), "İ".lower()],
        "title": "they're bill's friends from the UK".title(),
        "capwords": string.capwords("they're bill's friends"),
    }
