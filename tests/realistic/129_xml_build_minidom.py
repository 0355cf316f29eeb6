# policy: default
# inputs: {"order": {"id": "A-17", "customer": "Zoë & Co <zoe@example.com>", "items": [{"sku": "X1", "qty": 2, "price": "9.50"}, {"sku": "Y2", "qty": 1, "price": "120.00"}]}, "xml": "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:m=\"urn:meta\"><entry m:id=\"1\"><title>First</title><m:score>4.5</m:score></entry><entry m:id=\"2\"><title>Second &amp; last</title><m:score>3</m:score></entry></feed>"}
# expect: {"xml":"<order id=\"A-17\">\n  <customer>Zoë &amp; Co &lt;zoe@example.com&gt;</customer>\n  <items>\n    <item sku=\"X1\" qty=\"2\">9.50</item>\n    <item sku=\"Y2\" qty=\"1\">120.00</item>\n  </items>\n</order>","entries":[{"id":"1","title":"First","score":4.5},{"id":"2","title":"Second & last","score":3.0}],"pretty":"<?xml version=\"1.0\" ?>\n<r>\n <a x=\"1\">t</a>\n <b/>\n</r>\n","bad":["mismatched tag: line 1, column 8",[1,8]],"total":139.0,"canon":"<a a=\"1\" b=\"2\"><x></x></a>"}
import xml.etree.ElementTree as ET
from xml.dom import minidom

NS = {"a": "http://www.w3.org/2005/Atom", "m": "urn:meta"}


def main(inputs):
    o = inputs["order"]
    root = ET.Element("order", id=o["id"])
    ET.SubElement(root, "customer").text = o["customer"]
    items = ET.SubElement(root, "items")
    for it in o["items"]:
        ET.SubElement(items, "item", sku=it["sku"], qty=str(it["qty"])).text = it["price"]
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    feed = ET.fromstring(inputs["xml"])
    entries = [{"id": e.get("{urn:meta}id"), "title": e.findtext("a:title", namespaces=NS),
                "score": float(e.findtext("m:score", namespaces=NS))} for e in feed.findall("a:entry", NS)]
    pretty = minidom.parseString("<r><a x='1'>t</a><b/></r>").toprettyxml(indent=" ")
    bad = None
    try:
        ET.fromstring("<a><b></a>")
    except ET.ParseError as e:
        bad = [str(e), e.position]
    total = sum(float(i.text) * int(i.get("qty")) for i in ET.fromstring(text).iter("item"))
    return {"xml": text, "entries": entries, "pretty": pretty, "bad": bad, "total": total,
            "canon": ET.canonicalize("<a  b='2' a='1'><!-- c --><x/></a>", strip_text=True)}
