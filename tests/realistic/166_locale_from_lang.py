# policy: default
# expect: {"ctype":"LC_CTYPE=C.UTF-8","getlocale":["en_US","UTF-8"],"codeset":"UTF-8","encoding":"UTF-8","preferred":"utf-8","grouped":"1234567.89","decimal_point":".","collated":["A","B","a","b"]}
import locale


def main(inputs):
    before = locale.setlocale(locale.LC_ALL)
    locale.setlocale(locale.LC_ALL, "")
    return {
        "ctype": before.split(";")[0],
        "getlocale": locale.getlocale(),
        "codeset": locale.nl_langinfo(locale.CODESET),
        "encoding": locale.getencoding(),
        "preferred": locale.getpreferredencoding(False).lower(),
        "grouped": locale.format_string("%.2f", 1234567.891, grouping=True),
        "decimal_point": locale.localeconv()["decimal_point"],
        "collated": sorted(["b", "A", "a", "B"], key=locale.strxfrm),
    }
