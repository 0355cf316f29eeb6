# policy: default
# inputs: {"xml": "<?xml version='1.0'?><orders><order id='1' currency='EUR'><line sku='A' qty='2'>Widget &amp; co</line><line sku='B' qty='1'>Gadget</line></order><order id='2' currency='USD'><line sku='C' qty='5'>Bolt</line></order></orders>"}
# expect: {"orders":[{"id":1,"currency":"EUR","lines":[{"sku":"A","qty":2,"name":"Widget & co"},{"sku":"B","qty":1,"name":"Gadget"}]},{"id":2,"currency":"USD","lines":[{"sku":"C","qty":5,"name":"Bolt"}]}],"err":[1,8,"mismatched tag"],"escaped":["a &lt; b &amp; c","'say \"hi\"'"]}
import xml.sax
from xml.sax.saxutils import escape, quoteattr


class OrderHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.orders, self.text, self.line = [], [], None

    def startElement(self, name, attrs):
        if name == "order":
            self.orders.append({"id": int(attrs["id"]), "currency": attrs.get("currency"), "lines": []})
        elif name == "line":
            self.line = {"sku": attrs["sku"], "qty": int(attrs["qty"])}
            self.text = []

    def characters(self, content):
        if self.line is not None:
            self.text.append(content)

    def endElement(self, name):
        if name == "line":
            self.line["name"] = "".join(self.text)
            self.orders[-1]["lines"].append(self.line)
            self.line = None


def main(inputs):
    h = OrderHandler()
    xml.sax.parseString(inputs["xml"].encode(), h)
    try:
        xml.sax.parseString(b"<a><b></a>", xml.sax.ContentHandler())
        err = None
    except xml.sax.SAXParseException as e:
        err = [e.getLineNumber(), e.getColumnNumber(), e.getMessage()]
    return {"orders": h.orders, "err": err,
            "escaped": [escape("a < b & c"), quoteattr('say "hi"')]}
