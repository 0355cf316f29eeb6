# policy: strict
# inputs: {"titles": ["Crème Brûlée & Café", "Straße — Ünïcödé", "日本語のタイトル", "ｆｕｌｌｗｉｄｔｈ １２３", "emoji 👩‍👩‍👧 family", "ﬁ ligature Ⅻ"]}
# expect: {"slugs":["creme-brulee-cafe","strae-unicode","","fullwidth-123","emoji-family","fi-ligature-xii"],"casefold_eq":true,"names":["LATIN SMALL LETTER E WITH ACUTE","EM DASH","WOMAN","ZERO WIDTH JOINER"],"widths":["Na","F","W"],"categories":["Ll","Nd","Zs","Mn","So"],"lens":[19,16,8,13,18,12],"utf8_lens":[23,23,24,37,31,16],"nfc_nfd":[1,2],"numeric":12.0,"upper":"Ǆ SS FI","reversed":"ylimaf 👧‍👩‍👩 ijome","isidentifier":[true,false]}
import re
import unicodedata


def slugify(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def main(inputs):
    t = inputs["titles"]
    return {
        "slugs": [slugify(x) for x in t],
        "casefold_eq": "Straße".casefold() == "STRASSE".casefold(),
        "names": [unicodedata.name(c, "?") for c in "é—👩\u200d"],
        "widths": [unicodedata.east_asian_width(c) for c in "aｆ日"],
        "categories": [unicodedata.category(c) for c in "a1 \u0301😀"],
        "lens": [len(x) for x in t],
        "utf8_lens": [len(x.encode()) for x in t],
        "nfc_nfd": [len(unicodedata.normalize("NFC", "e\u0301")), len(unicodedata.normalize("NFD", "é"))],
        "numeric": unicodedata.numeric("Ⅻ"),
        "upper": "ǆ ß ﬁ".upper(),
        "reversed": t[4][::-1],
        "isidentifier": ["café".isidentifier(), "1a".isidentifier()],
    }
