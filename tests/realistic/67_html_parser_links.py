# policy: default
# inputs: {"page": "<html><head><title>Caf&eacute; &amp; Bar</title></head><body><a href='/menu'>Menu</a> <A HREF=\"https://x.org/?a=1&amp;b=2\">X</A><img src=logo.png alt=\"<logo>\"><p>Tom &lt;3 Jerry&#33;</p></body></html>"}
# expect: {"title":"Café & Bar","links":["https://example.com/menu","https://x.org/?a=1&b=2","https://example.com/shop/logo.png"],"query":{"a":["1"],"b":["2"]},"text":["Menu","X","Tom <3 Jerry!"],"escaped":"&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;","unescaped":"<😀> ¬it; ©"}
import html
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse, parse_qs


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.title, self._in_title, self.text = [], "", False, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.links.append(a.get("href"))
        if tag == "img":
            self.links.append(a.get("src"))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif data.strip():
            self.text.append(data.strip())


def main(inputs):
    p = Links()
    p.feed(inputs["page"])
    absolute = [urljoin("https://example.com/shop/", l) for l in p.links]
    return {
        "title": p.title,
        "links": absolute,
        "query": parse_qs(urlparse(absolute[1]).query),
        "text": p.text,
        "escaped": html.escape("<a href=\"x\">'&'</a>"),
        "unescaped": html.unescape("&lt;&#x1F600;&gt; &notit; &copy;"),
    }
