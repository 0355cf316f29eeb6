# policy: default
# inputs: {"values": ["1", "x", "3", null]}
# expect: {"ok":[1,3],"bad":[{"index":1,"error":"ValueError"},{"index":3,"error":"TypeError"}]}
def main(inputs):
    ok, bad = [], []
    for i, v in enumerate(inputs["values"]):
        try:
            ok.append(int(v))
        except (TypeError, ValueError) as e:
            bad.append({"index": i, "error": type(e).__name__})
    return {"ok": ok, "bad": bad}
