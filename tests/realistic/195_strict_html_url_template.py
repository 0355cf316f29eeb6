# policy: strict
# inputs: {"name": "Zoë <admin>", "q": "café & co", "tags": ["a b", "c/d"], "net": "10.0.0.0/30", "hex": "#3366cc"}
# expect: {"html":"<p>Hi Zo\u00eb &lt;admin&gt;</p>","url":"https://example.com/search?q=caf%C3%A9+%26+co&tag=a+b&tag=c%2Fd","path":"c%2Fd","parsed":["https","example.com",{"q":["caf\u00e9 & co"],"tag":["a b","c/d"]}],"unescaped":"a < b","hosts":["10.0.0.1","10.0.0.2"],"private":true,"hsv":[0.6111,0.75,0.8]}
import colorsys
import html
import ipaddress
from urllib.parse import parse_qs, quote, urlencode, urlsplit


def main(inputs):
    # a strict template step: escape for HTML, build and read back a URL, a subnet, a colour
    url = "https://example.com/search?" + urlencode([("q", inputs["q"])] + [("tag", t) for t in inputs["tags"]])
    parts = urlsplit(url)
    net = ipaddress.ip_network(inputs["net"])
    r, g, b = (int(inputs["hex"][i:i + 2], 16) / 255 for i in (1, 3, 5))
    return {
        "html": f"<p>Hi {html.escape(inputs['name'])}</p>",
        "url": url,
        "path": quote(inputs["tags"][1], safe=""),
        "parsed": [parts.scheme, parts.netloc, parse_qs(parts.query)],
        "unescaped": html.unescape("a &lt; b"),
        "hosts": [str(h) for h in net.hosts()],
        "private": net.is_private,
        "hsv": [round(x, 4) for x in colorsys.rgb_to_hsv(r, g, b)],
    }
