# policy: default
# inputs: {"amounts": [1234567.891, -42.5, 0.005], "words": ["éclair", "Zebra", "apple", "Äpfel"]}
# expect: {"current":"C.UTF-8","decimal_point":".","formatted":["1234567.89","-42.50","0.01"],"sorted":["Zebra","apple","Äpfel","éclair"],"atof":3.25,"german":"unsupported locale setting","encoding":"utf8","getlocale":["en_US","UTF-8"]}
import locale


def main(inputs):
    current = locale.setlocale(locale.LC_ALL, "")
    conv = locale.localeconv()
    fmt = [locale.format_string("%.2f", a, grouping=True) for a in inputs["amounts"]]
    try:
        locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")
        german = True
    except locale.Error as e:
        german = str(e)
    locale.setlocale(locale.LC_ALL, "C.UTF-8")
    return {
        "current": current, "decimal_point": conv["decimal_point"], "formatted": fmt,
        "sorted": sorted(inputs["words"], key=locale.strxfrm), "atof": locale.atof("3.25"),
        "german": german, "encoding": locale.getpreferredencoding(False).lower().replace("-", ""), "getlocale": list(locale.getlocale()),
    }
