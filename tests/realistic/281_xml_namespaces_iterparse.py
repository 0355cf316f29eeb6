# policy: default
# inputs: {"feed": "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:media='http://search.yahoo.com/mrss/'><title>News</title><entry><title>One</title><link href='https://x.test/1'/><media:thumbnail url='https://x.test/1.jpg'/></entry><entry><title>Two</title><link href='https://x.test/2'/></entry></feed>"}
# expect: {"entries":[{"title":"One","link":"https://x.test/1","thumb":"https://x.test/1.jpg"},{"title":"Two","link":"https://x.test/2","thumb":null}],"events":[["","http://www.w3.org/2005/Atom"],["media","http://search.yahoo.com/mrss/"],"{http://www.w3.org/2005/Atom}entry","{http://www.w3.org/2005/Atom}entry"],"rebuilt":"<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <entry>\n    <title>ONE</title>\n  </entry>\n  <entry>\n    <title>TWO</title>\n  </entry>\n</feed>","canon":"<a a=\"1\" b=\"2\"><c></c></a>"}
import io
import xml.etree.ElementTree as ET

NS = {"a": "http://www.w3.org/2005/Atom", "media": "http://search.yahoo.com/mrss/"}


def main(inputs):
    root = ET.fromstring(inputs["feed"])
    entries = []
    for e in root.findall("a:entry", NS):
        thumb = e.find("media:thumbnail", NS)
        entries.append({"title": e.findtext("a:title", namespaces=NS),
                        "link": e.find("a:link", NS).get("href"),
                        "thumb": thumb.get("url") if thumb is not None else None})
    events = []
    for ev, el in ET.iterparse(io.BytesIO(inputs["feed"].encode()), events=("start-ns", "end")):
        if ev == "start-ns":
            events.append(list(el))
        elif el.tag.endswith("entry"):
            events.append(el.tag)
    ET.register_namespace("", NS["a"])
    out = ET.Element("{%s}feed" % NS["a"])
    for en in entries:
        x = ET.SubElement(out, "{%s}entry" % NS["a"])
        ET.SubElement(x, "{%s}title" % NS["a"]).text = en["title"].upper()
    ET.indent(out)
    return {"entries": entries, "events": events,
            "rebuilt": ET.tostring(out, encoding="unicode"),
            "canon": ET.canonicalize("<a b='2' a='1'><c/></a>")}
