# policy: strict
# inputs: {"expected": ["customer_id", "first_name", "last_name", "email", "phone_number", "created_at"], "got": ["CustomerID", "First Name", "lastname", "e-mail", "Phone", "createdAt", "notes"], "old": "The quick brown fox\njumps over\nthe lazy dog\n", "new": "The quick brown cat\njumps over\nthe very lazy dog\nand sleeps\n"}
# expect: {"mapping":{"CustomerID":"customer_id","First Name":"first_name","lastname":"last_name","e-mail":"email","Phone":"phone_number","createdAt":"created_at","notes":null},"ndiff":["- The quick brown fox\n","?                 ^^^\n","+ The quick brown cat\n","?                 ^^^\n","  jumps over\n","- the lazy dog\n","+ the very lazy dog\n","?    +++++\n","+ and sleeps\n"],"unified":"--- old.txt\n+++ new.txt\n@@ -1,3 +1,4 @@\n-The quick brown fox\n+The quick brown cat\n jumps over\n-the lazy dog\n+the very lazy dog\n+and sleeps\n","opcodes":[["equal",0,6,0,6],["insert",6,6,6,15],["equal",6,29,15,38]],"ratio":0.8657,"quick":0.8657,"blocks":[[0,0,6],[6,15,23],[29,38,0]],"restore":"The quick brown cat\njumps over\nthe very lazy dog\nand sleeps\n","junk":0.75,"html_len_ok":true}
import difflib
import re


def norm(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


def main(inputs):
    exp = {norm(e): e for e in inputs["expected"]}
    mapping = {}
    for col in inputs["got"]:
        m = difflib.get_close_matches(norm(col), list(exp), n=1, cutoff=0.6)
        mapping[col] = exp[m[0]] if m else None
    a, b = inputs["old"].splitlines(keepends=True), inputs["new"].splitlines(keepends=True)
    sm = difflib.SequenceMatcher(None, "private Thread currentThread;", "private volatile Thread currentThread;")
    return {
        "mapping": mapping,
        "ndiff": list(difflib.ndiff(a, b)),
        "unified": "".join(difflib.unified_diff(a, b, "old.txt", "new.txt", n=1)),
        "opcodes": sm.get_opcodes(), "ratio": round(sm.ratio(), 4), "quick": round(sm.quick_ratio(), 4),
        "blocks": [tuple(x) for x in sm.get_matching_blocks()],
        "restore": "".join(difflib.restore(difflib.ndiff(a, b), 2)),
        "junk": round(difflib.SequenceMatcher(lambda c: c == " ", "a b c", "abc").ratio(), 4),
        "html_len_ok": len(difflib.HtmlDiff(wrapcolumn=40).make_table(a, b)) > 500,
    }
