# policy: default
# inputs: {"feed": "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>News</title><item><title>First &amp; best</title><dc:creator>Ann</dc:creator><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item><item><title>Zw\u00f6lf</title><dc:creator>Bob</dc:creator><pubDate>Tue, 02 Jan 2024 11:30:00 GMT</pubDate></item></channel></rss>"}
# expect: {"channel":"News","items":[{"title":"First & best","author":"Ann","when":"2024-01-01T10:00:00+00:00"},{"title":"Zwölf","author":"Bob","when":"2024-01-02T11:30:00+00:00"}],"xml":"<summary count=\"2\">\n  <entry author=\"Ann\">First &amp; best</entry>\n  <entry author=\"Bob\">Zwölf</entry>\n</summary>","bad":["mismatched tag: line 1, column 8",[1,8]]}
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

NS = {"dc": "http://purl.org/dc/elements/1.1/"}


def main(inputs):
    root = ET.fromstring(inputs["feed"])
    items = []
    for it in root.iterfind("channel/item"):
        items.append({
            "title": it.findtext("title"),
            "author": it.findtext("dc:creator", namespaces=NS),
            "when": parsedate_to_datetime(it.findtext("pubDate")).isoformat(),
        })
    out = ET.Element("summary", attrib={"count": str(len(items))})
    for i in items:
        ET.SubElement(out, "entry", author=i["author"]).text = i["title"]
    ET.indent(out)
    try:
        ET.fromstring("<a><b></a>")
        bad = None
    except ET.ParseError as e:
        bad = [str(e), e.position]
    return {"channel": root.findtext("channel/title"), "items": items,
            "xml": ET.tostring(out, encoding="unicode"), "bad": bad}
