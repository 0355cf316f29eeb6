# policy: default
# inputs: {"counts": [0, 1, 2, 21]}
# expect: {"msgs":["0 items","1 item","2 items","21 items"],"greet":"Hello","cls":"NullTranslations","find":null,"info":{},"pgettext":"File"}
import gettext

t = gettext.translation("shop", localedir="locale", fallback=True)
_ = t.gettext
ngettext = t.ngettext


def main(inputs):
    msgs = [ngettext("%d item", "%d items", n) % n for n in inputs["counts"]]
    return {"msgs": msgs, "greet": _("Hello"), "cls": type(t).__name__,
            "find": gettext.find("shop", "locale"), "info": t.info(),
            "pgettext": t.pgettext("menu", "File")}
