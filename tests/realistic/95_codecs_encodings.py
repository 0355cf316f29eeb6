# policy: default
# inputs: {"text": "Grüße, 東京 — €5"}
# expect: {"enc":{"utf-8":"4772c3bcc39f652c20e69db1e4baac20e2809420","utf-16":"fffe47007200fc00df0065002c0020007167ac4e","utf-16-be":"0047007200fc00df0065002c002067714eac0020","cp1252":"character maps to <undefined> at 7: Grüße, ?? — €5 | Grüße, &#26481;&#20140; — €5 | Grüße, \\u6771\\u4eac — €5","latin-1":"ordinal not in range(256) at 7: Grüße, ?? ? ?5 | Grüße, &#26481;&#20140; &#8212; &#8364;5 | Grüße, \\u6771\\u4eac \\u2014 \\u20ac5","shift_jis":"illegal multibyte sequence at 2: Gr??e, 東京 ? ?5 | Gr&#252;&#223;e, 東京 &#8212; &#8364;5 | Gr\\xfc\\xdfe, 東京 \\u2014 \\u20ac5","euc-kr":"illegal multibyte sequence at 2: Gr?ße, 東京 ? €5 | Gr&#252;ße, 東京 &#8212; €5 | Gr\\xfcße, 東京 \\u2014 €5","gb18030":"4772a8b981308938652c20967cbea920a1aa20a2","ascii":"ordinal not in range(128) at 2: Gr??e, ?? ? ?5 | Gr&#252;&#223;e, &#26481;&#20140; &#8212; &#8364;5 | Gr\\xfc\\xdfe, \\u6771\\u4eac \\u2014 \\u20ac5"},"bom":"hi","rot13":"Uryyb","incremental":"€","lookup":"iso8859-1","mojibake":"GrÃ¼ÃŸe, æ�±äº¬ â€” â‚¬5"}
import codecs


def main(inputs):
    t = inputs["text"]
    out = {}
    for enc in ["utf-8", "utf-16", "utf-16-be", "cp1252", "latin-1", "shift_jis", "euc-kr", "gb18030", "ascii"]:
        try:
            out[enc] = t.encode(enc).hex()[:40]
        except UnicodeEncodeError as e:
            out[enc] = f"{e.reason} at {e.start}: " + t.encode(enc, "replace").decode(enc) + " | " + t.encode(enc, "xmlcharrefreplace").decode(enc) + " | " + t.encode(enc, "backslashreplace").decode(enc)
    bom = codecs.BOM_UTF8 + "hi".encode()
    return {"enc": out, "bom": bom.decode("utf-8-sig"), "rot13": codecs.encode("Hello", "rot13"),
            "incremental": "".join(codecs.iterdecode([b"\xe2\x82", b"\xac"], "utf-8")),
            "lookup": codecs.lookup("latin1").name, "mojibake": t.encode("utf-8").decode("cp1252", "replace")}
