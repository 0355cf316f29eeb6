# policy: default
# inputs: {"old": ["id,name,price", "1,apple,0.50", "2,banana,0.25", "3,cherry,3.00", "4,date,2.50"], "new": ["id,name,price", "1,apple,0.55", "3,cherry,3.00", "4,date,2.50", "5,elderberry,4.10"], "typo": "bananna", "choices": ["apple", "banana", "bandana", "cherry", "date"]}
# expect: {"ratio":0.6,"ops":[["replace",["1,apple,0.50","2,banana,0.25"],["1,apple,0.55"]],["insert",[],["5,elderberry,4.10"]]],"context":["*** before.csv","--- after.csv","***************","*** 1,5 ****","  id,name,price","! 1,apple,0.50","! 2,banana,0.25","  3,cherry,3.00","  4,date,2.50","--- 1,5 ----","  id,name,price","! 1,apple,0.55","  3,cherry,3.00","  4,date,2.50","+ 5,elderberry,4.10"],"ndiff":["- one two three","?      ^^\n","+ one tree three","?      ^^^\n"],"close":["banana","bandana"],"blocks":[[0,0,6],[6,15,23],[29,38,0]],"quick":0.865672,"restore":["a","c"]}
import difflib


def main(inputs):
    old, new = inputs["old"], inputs["new"]
    sm = difflib.SequenceMatcher(None, old, new)
    ops = [[tag, old[i1:i2], new[j1:j2]] for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]
    ctx = list(difflib.context_diff(old, new, "before.csv", "after.csv", lineterm="", n=1))
    nd = [l for l in difflib.ndiff(["one two three"], ["one tree three"]) ]
    cs = difflib.SequenceMatcher(None, "private Thread currentThread;", "private volatile Thread currentThread;", autojunk=False)
    return {
        "ratio": round(sm.ratio(), 6),
        "ops": ops,
        "context": ctx,
        "ndiff": nd,
        "close": difflib.get_close_matches(inputs["typo"], inputs["choices"], n=2, cutoff=0.6),
        "blocks": [tuple(b) for b in cs.get_matching_blocks()],
        "quick": round(cs.quick_ratio(), 6),
        "restore": list(difflib.restore(difflib.ndiff(["a", "b"], ["a", "c"]), 2)),
    }
