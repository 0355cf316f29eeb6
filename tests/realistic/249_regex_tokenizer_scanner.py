# policy: strict
# inputs: {"formula": "total = price * 1.2 + max(qty, 3) - discount_% ", "log": "2024-05-01 12:00:01 [WARN] disk /dev/sda1 at 91%\n2024-05-01 12:00:05 [ERROR] db timeout after 30s (retry 2/5)\n2024-05-01 12:01:00 [INFO] ok", "text": "Call 555-1234 or (555) 987-6543; email A.Smith@Example.COM, b_jones@mail.co.uk"}
# expect: {"tokens":[["name","total"],["op","="],["name","price"],["op","*"],["num","1.2"],["op","+"],["name","max"],["op","("],["name","qty"],["op",","],["num","3"],["op",")"],["op","-"],["name","discount_"],["bad","%"]],"scanned":[["ID","rate"],["SYM","*"],["NUM",12.5],["SYM","+"],["ID","x"]],"rest":"","recs":[{"date":"2024-05-01","time":"12:00:01","lvl":"WARN","msg":"disk /dev/sda1 at 91%"},{"date":"2024-05-01","time":"12:00:05","lvl":"ERROR","msg":"db timeout after 30s (retry 2/5)"},{"date":"2024-05-01","time":"12:01:00","lvl":"INFO","msg":"ok"}],"nums":[["30","s"]],"phones":"Call PHONE[5551234] or PHONE[5559876543]; email A.Smith@Example.COM, b_jones@mail.co.uk","emails":["a.smith@example.com","b_jones@mail.co.uk"],"err":["redefinition of group name 'x' as group 2; was group 1 at position 12",12],"split":["a",", ","b",";","c"," ,","d"],"escape":"1\\+1=2\\?\\ \\(yes\\)","sub_n":2,"dotall":true,"fullmatch":true,"cond":"[a@b.com] [c@d.com] <[bad@x.com]","unicode":["naïve","café","Ωmega","東京"],"ascii":["na","ve","caf"]}
import re

TOKEN = re.compile(r"""
    (?P<num>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_]\w*)
  | (?P<op>[-+*/=(),])
  | (?P<ws>\s+)
  | (?P<bad>.)
""", re.VERBOSE)


def tokens(s):
    for m in TOKEN.finditer(s):
        kind = m.lastgroup
        if kind == "ws":
            continue
        yield kind, m.group()


def main(inputs):
    scanner = re.Scanner([(r"\d+(\.\d+)?", lambda s, t: ("NUM", float(t))), (r"[a-z_]\w*", lambda s, t: ("ID", t)),
                          (r"\s+", None), (r".", lambda s, t: ("SYM", t))])
    scanned, rest = scanner.scan("rate * 12.5 + x")
    LOG = re.compile(r"^(?P<date>\S+) (?P<time>\S+) \[(?P<lvl>[A-Z]+)\] (?P<msg>.*)$", re.M)
    recs = [m.groupdict() for m in LOG.finditer(inputs["log"])]
    nums = re.findall(r"(?<![\w/])(\d+)(%|s)\b", inputs["log"])
    phones = re.sub(r"\(?(\d{3})\)?[ -]?(\d{3})-(\d{4})|(\d{3})-(\d{4})",
                    lambda m: "PHONE[" + "".join(g for g in m.groups() if g) + "]", inputs["text"])
    emails = [e.lower() for e in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", inputs["text"])]
    try:
        re.compile(r"(?P<x>a)(?P<x>b)")
    except re.error as e:
        err = [str(e), e.pos]
    return {
        "tokens": list(tokens(inputs["formula"])), "scanned": scanned, "rest": rest, "recs": recs,
        "nums": nums, "phones": phones, "emails": emails, "err": err,
        "split": re.split(r"(\s*[;,]\s*)", "a, b;c ,d"), "escape": re.escape("1+1=2? (yes)"),
        "sub_n": re.subn(r"(?i)warn|error", "X", inputs["log"])[1],
        "dotall": re.search(r"WARN.*ok", inputs["log"], re.S) is not None,
        "fullmatch": bool(re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", "DE89370400440532013000")),
        "cond": re.sub(r"(<)?(\w+@\w+\.com)(?(1)>|)", r"[\2]", "<a@b.com> c@d.com <bad@x.com"),
        "unicode": re.findall(r"\w+", "naïve café Ωmega 東京"), "ascii": re.findall(r"\w+", "naïve café", re.A),
    }
