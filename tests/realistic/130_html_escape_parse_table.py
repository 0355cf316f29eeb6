# policy: default
# inputs: {"html": "<table id='t'><tr><th>Name</th><th>Price</th></tr><tr><td>Caf&eacute; &amp; Bar</td><td>&#8364;3.50</td></tr><tr><td>Tea<br>house</td><td>2.10</td></tr></table><script>var x = '<td>no</td>';</script><p>Done &lt;ok&gt;</p>"}
# expect: {"records":[{"Name":"Café & Bar","Price":"€3.50"},{"Name":"Tea house","Price":"2.10"}],"texts":["Done <ok>"],"escaped":"&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt;","escaped_noquote":"\"q\" &amp; 'a'","unescaped":"<p>é 😀&amp;¬anentity;"}
import html
from html.parser import HTMLParser


class TableParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cell, self.in_cell, self.skip = [], None, False, False
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.in_cell, self.cell = True, ""
        elif tag == "script":
            self.skip = True
        elif tag == "br" and self.in_cell:
            self.cell += " "

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self.cell.strip())
            self.in_cell = False
        elif tag == "script":
            self.skip = False

    def handle_data(self, data):
        if self.in_cell:
            self.cell += data
        elif not self.skip and data.strip():
            self.texts.append(data)


def main(inputs):
    p = TableParser()
    p.feed(inputs["html"])
    p.close()
    head, *rows = p.rows
    records = [dict(zip(head, r)) for r in rows]
    return {
        "records": records,
        "texts": p.texts,
        "escaped": html.escape("<a href=\"x\">Tom & 'Jerry'</a>"),
        "escaped_noquote": html.escape("\"q\" & 'a'", quote=False),
        "unescaped": html.unescape("&lt;p&gt;&eacute;&nbsp;&#x1F600;&amp;amp;&notanentity;"),
    }
