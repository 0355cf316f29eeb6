# policy: strict
# inputs: {"names": ["Zo\u00eb", "Zoe\u0308", "\u00c5ngstr\u00f6m"]}
# expect: {"same":true,"slugs":["zoe","zoe","angstrom"]}
import unicodedata

def slug(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()

def main(inputs):
    nfc = [unicodedata.normalize("NFC", n) for n in inputs["names"]]
    return {"same": nfc[0] == nfc[1], "slugs": [slug(n) for n in inputs["names"]]}
