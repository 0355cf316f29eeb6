# policy: data
# inputs: {"snippet": "def add(a, b):\n    return a + b  # sum\n", "lang": "python"}
# expect: {"html":"<span class=\"k\">def</span> <span class=\"nf\">add</span><span class=\"p\">(</span><span class=\"n\">a</span><span class=\"p\">,</span> <span class=\"n\">b</span><span class=\"p\">):</span>\n    <span class=\"k\">return</span> <span class=\"n\">a</span> <span class=\"o\">+</span> <span class=\"n\">b</span>  <span class=\"c1\"># sum</span>\n","css_lines":true,"guess":"JSON","tokens":[["Token.Name","x"],["Token.Text"," "],["Token.Operator","="],["Token.Text"," "],["Token.Literal.Number.Integer","1"],["Token.Text.Whitespace","\n"]],"missing":"no lexer for alias 'no-such-language' found"}
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name, guess_lexer_for_filename
from pygments.util import ClassNotFound


def main(inputs):
    lexer = get_lexer_by_name(inputs["lang"])
    html = highlight(inputs["snippet"], lexer, HtmlFormatter(nowrap=True))
    css = HtmlFormatter(style="default").get_style_defs(".hl")
    try:
        get_lexer_by_name("no-such-language")
        missing = None
    except ClassNotFound as e:
        missing = str(e)
    return {"html": html, "css_lines": len(css.splitlines()) > 10,
            "guess": guess_lexer_for_filename("x.json", '{"a": 1}').name,
            "tokens": [[str(t), v] for t, v in lexer.get_tokens("x = 1\n")],
            "missing": missing}
