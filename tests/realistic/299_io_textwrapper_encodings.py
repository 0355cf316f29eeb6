# policy: strict
# inputs: {"text": "naïve café\r\nline two\rline three\n"}
# expect: {"universal":["naïve café\n","line two\n","line three\n"],"kept":["naïve café","\nline two","line three\n"],"bom":"fffe","pieces":["","é","","","€","","","","😀",""],"latin1":"&#8364;uro\r\nok\r\n","sig":"efbbbf78","detect":["fffe",true]}
import codecs
import io


def main(inputs):
    raw = inputs["text"].encode("utf-16")
    w = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-16", newline=None)
    universal = w.readlines()
    w2 = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-16", newline="")
    kept = w2.read()
    dec = codecs.getincrementaldecoder("utf-8")()
    data = "é€😀".encode()
    pieces = [dec.decode(data[i:i + 1]) for i in range(len(data))] + [dec.decode(b"", final=True)]
    buf = io.BytesIO()
    out = io.TextIOWrapper(buf, encoding="latin-1", errors="xmlcharrefreplace", newline="\r\n")
    out.write("€uro\nok\n")
    out.flush()
    return {
        "universal": universal,
        "kept": kept.split("\r"),
        "bom": raw[:2].hex(),
        "pieces": pieces,
        "latin1": buf.getvalue().decode("latin-1"),
        "sig": "x".encode("utf-8-sig").hex(),
        "detect": [codecs.BOM_UTF16_LE.hex(), raw.startswith(codecs.BOM_UTF16_LE)],
    }
