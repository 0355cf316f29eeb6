# policy: strict
# inputs: {"old": "host = db1\nport = 5432\nuser = app\ntimeout = 10\n", "new": "host = db2\nport = 5432\nuser = app\ntimeout = 30\nssl = on\n", "commands": ["deploy", "rollback", "status"], "typed": "rolback"}
# expect: {"unified":"--- old.conf\n+++ new.conf\n@@ -1,4 +1,5 @@\n-host = db1\n+host = db2\n port = 5432\n user = app\n-timeout = 10\n+timeout = 30\n+ssl = on\n","ndiff":["  one\n","- two\n","?   ^\n","+ tw0\n","?   ^\n"],"ops":[["replace",9,10,9,10],["replace",44,45,44,45],["insert",47,47,47,56]],"suggest":["rollback"],"html_len_positive":true}
import difflib


def main(inputs):
    a, b = inputs["old"].splitlines(keepends=True), inputs["new"].splitlines(keepends=True)
    udiff = "".join(difflib.unified_diff(a, b, fromfile="old.conf", tofile="new.conf", n=1))
    sm = difflib.SequenceMatcher(None, inputs["old"], inputs["new"])
    return {
        "unified": udiff,
        "ndiff": [l for l in difflib.ndiff(["one\n", "two\n"], ["one\n", "tw0\n"])],
        "ops": [op for op in sm.get_opcodes() if op[0] != "equal"][:3],
        "suggest": difflib.get_close_matches(inputs["typed"], inputs["commands"], n=1),
        "html_len_positive": len(difflib.HtmlDiff().make_table(a, b)) > 100,
    }
