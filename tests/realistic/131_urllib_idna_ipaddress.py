# policy: default
# inputs: {"urls": ["https://Bücher.example/path/../a/./b?x=1&y=%C3%A9&x=2#top", "http://user:p%40ss@[2001:db8::1]:8080/", "mailto:ann@example.com", "../up/one?q"], "base": "https://example.com/dir/page.html", "ips": ["10.0.0.5", "192.168.1.300", "2001:db8::1", "172.16.5.4", "8.8.8.8"]}
# expect: {"urls":[{"scheme":"https","host":"bücher.example","idna":"xn--bcher-kva.example","port":null,"user":null,"password":null,"path":"/a/b","qs":{"x":["1","2"],"y":["é"]},"qsl":[["x","1"],["y","é"],["x","2"]],"joined":"https://Bücher.example/path/../a/./b?x=1&y=%C3%A9&x=2#top"},{"scheme":"http","host":"2001:db8::1","idna":"2001:db8::1","port":8080,"user":"user","password":"p%40ss","path":"/","qs":{},"qsl":[],"joined":"http://user:p%40ss@[2001:db8::1]:8080/"},{"scheme":"mailto","host":null,"idna":null,"port":null,"user":null,"password":null,"path":"ann@example.com","qs":{},"qsl":[],"joined":"mailto:ann@example.com"},{"scheme":"","host":null,"idna":null,"port":null,"user":null,"password":null,"path":"../up/one","qs":{},"qsl":[["q",""]],"joined":"https://example.com/up/one?q"}],"ips":{"10.0.0.5":{"v":4,"private":true,"in":["10.0.0.0/8"]},"192.168.1.300":"'192.168.1.300' does not appear to be an IPv4 or IPv6 address","2001:db8::1":{"v":6,"private":true,"in":[]},"172.16.5.4":{"v":4,"private":true,"in":["172.16.0.0/12"]},"8.8.8.8":{"v":4,"private":false,"in":[]}},"subnets":["192.168.0.0/24","192.168.1.0/24","192.168.2.0/24","192.168.3.0/24"],"hosts":1024,"collapsed":["10.0.0.0/24"],"rebuilt":"https://ex.com/a b?q=a%26b+c","punycode":"mnchen-3ya"}
import ipaddress
import posixpath
from urllib.parse import parse_qs, parse_qsl, quote_plus, urljoin, urlparse, urlunparse


def main(inputs):
    out = []
    for u in inputs["urls"]:
        p = urlparse(u)
        host = p.hostname
        out.append({
            "scheme": p.scheme, "host": host,
            "idna": host.encode("idna").decode() if host else None,
            "port": p.port, "user": p.username, "password": p.password,
            "path": posixpath.normpath(p.path) if p.path else "",
            "qs": parse_qs(p.query), "qsl": parse_qsl(p.query, keep_blank_values=True),
            "joined": urljoin(inputs["base"], u),
        })
    nets = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]
    ips = {}
    for s in inputs["ips"]:
        try:
            ip = ipaddress.ip_address(s)
            ips[s] = {"v": ip.version, "private": ip.is_private, "in": [str(n) for n in nets if ip in n]}
        except ValueError as e:
            ips[s] = str(e)
    net = ipaddress.ip_network("192.168.0.0/22")
    return {
        "urls": out,
        "ips": ips,
        "subnets": [str(s) for s in net.subnets(new_prefix=24)],
        "hosts": net.num_addresses,
        "collapsed": [str(n) for n in ipaddress.collapse_addresses([ipaddress.ip_network("10.0.0.0/25"), ipaddress.ip_network("10.0.0.128/25")])],
        "rebuilt": urlunparse(("https", "ex.com", "/a b", "", "q=" + quote_plus("a&b c"), "")),
        "punycode": "münchen".encode("punycode").decode(),
    }
