# policy: strict
# inputs: {"s": "a\u0000b", "rtl": "\u05e9\u05dc\u05d5\u05dd", "astral": "\ud83d\ude00", "key\u00e9": 1}
# expect: {"nul_len":3,"nul_back":"a\u0000b","rtl_rev":"םולש","astral":["😀",1,"0x1f600"],"zwj":["👨‍👩‍👧",5,8],"keys":["astral","keyé","rtl","s"],"ctrl":"tab\tnewline\nbell\u0007del\u2028\u2029","surrogate_escape":"fffe","bom":"hello","max":"􏿿","nonchar":"￾￿","latin1":"naïve","sjis":"93fa967b","idna":"xn--bcher-kva.example"}
def main(inputs):
    s = inputs["s"]
    zwj = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    return {
        "nul_len": len(s),
        "nul_back": s,
        "rtl_rev": inputs["rtl"][::-1],
        "astral": [inputs["astral"], len(inputs["astral"]), hex(ord(inputs["astral"]))],
        "zwj": [zwj, len(zwj), len(zwj.encode("utf-16-le")) // 2],
        "keys": sorted(inputs),
        "ctrl": "tab\tnewline\nbell\x07del\x7f\u2028\u2029",
        "surrogate_escape": b"\xff\xfe".decode("utf-8", "surrogateescape").encode("utf-8", "surrogateescape").hex(),
        "bom": "\ufeffhello".lstrip("\ufeff"),
        "max": chr(0x10FFFF),
        "nonchar": "\ufffe\uffff",
        "latin1": "naïve".encode("latin-1").decode("cp1252"),
        "sjis": "日本".encode("shift_jis").hex(),
        "idna": "bücher.example".encode("idna").decode(),
    }
