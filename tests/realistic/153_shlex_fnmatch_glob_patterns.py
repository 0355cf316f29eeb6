# policy: default
# inputs: {"cmd": "convert 'my file.png' -resize 50% --label=\"a b\" out\\ put.jpg # comment", "files": ["report_2024.csv", "report_2023.CSV", "notes.txt", "img/a.png", "img/b.jpeg", ".hidden"], "patterns": ["*.csv", "report_202[34].*", "img/*", "*.[jp][pn]g", "?otes.*"]}
# expect: {"split":["convert","my file.png","-resize","50%","--label=a b","out put.jpg"],"lexed":["convert","my file.png","-resize","50%","--label=a b","out put.jpg"],"quoted":["plain","'has space'","'it'\"'\"'s'","''"],"joined":"rm -rf 'a b' '$HOME'","matches":{"*.csv":["report_2024.csv"],"report_202[34].*":["report_2024.csv","report_2023.CSV"],"img/*":["img/a.png","img/b.jpeg"],"*.[jp][pn]g":["img/a.png"],"?otes.*":["notes.txt"]},"case":[false,false],"regex":"(?s:.*\\.[jp]g)\\Z","purematch":[false,false,false,true,false,false],"suffixes":[[".tar",".gz"],"b.tar","b","x/y/../z"],"re_ok":true}
import fnmatch
import re
import shlex
from pathlib import PurePosixPath


def main(inputs):
    lex = shlex.shlex(inputs["cmd"], posix=True, punctuation_chars=False)
    lex.whitespace_split = True
    return {
        "split": shlex.split(inputs["cmd"], comments=True),
        "lexed": list(lex),
        "quoted": [shlex.quote(s) for s in ["plain", "has space", "it's", ""]],
        "joined": shlex.join(["rm", "-rf", "a b", "$HOME"]),
        "matches": {p: fnmatch.filter(inputs["files"], p) for p in inputs["patterns"]},
        "case": [fnmatch.fnmatchcase("report_2023.CSV", "*.csv"), fnmatch.fnmatch("report_2023.CSV", "*.csv")],
        "regex": fnmatch.translate("*.[jp]g"),
        "purematch": [PurePosixPath(f).match("img/*.png") for f in inputs["files"]],
        "suffixes": [PurePosixPath("a/b.tar.gz").suffixes, PurePosixPath("a/b.tar.gz").stem, str(PurePosixPath("/a/b").relative_to("/a")), str(PurePosixPath("x") / "y" / "../z")],
        "re_ok": bool(re.match(fnmatch.translate("img/*"), "img/a/b.png")),
    }
