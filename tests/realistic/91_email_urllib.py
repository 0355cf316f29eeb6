# policy: default
# inputs: {"to": ["Ann Example <ann@example.com>", "bob@example.org"], "subject": "Résumé ready", "params": {"q": "a b&c", "page": 2, "tags": ["x", "y"]}}
# expect: {"subject":"Résumé ready","to":[["Ann Example","ann@example.com"],["","bob@example.org"]],"parts":["multipart/mixed","text/plain","text/csv"],"attachment":["r.csv"],"qs":"q=a+b%26c&page=2&tags=x&tags=y","unq":"q=a b&c&page=2&tags=x&tags=y","quoted":"/p/a%20t/%C3%A9","split":["https","example.com",8443,"/p/a t","frag"],"rebuilt":"https://user@example.com:8443/p/a t","parse":["Ann","ann@x.org"]}
from email.message import EmailMessage
from email.utils import formataddr, getaddresses, parseaddr, format_datetime
from email import message_from_string, policy
from datetime import datetime, timezone
from urllib.parse import urlencode, quote, unquote_plus, urlsplit, urlunsplit


def main(inputs):
    msg = EmailMessage()
    msg["From"] = formataddr(("Reports Bot", "bot@example.com"))
    msg["To"] = ", ".join(inputs["to"])
    msg["Subject"] = inputs["subject"]
    msg["Date"] = format_datetime(datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc))
    msg.set_content("Hello,\nyour report is attached.\n")
    msg.add_attachment(b"a,b\n1,2\n", maintype="text", subtype="csv", filename="r.csv")
    raw = msg.as_string()
    back = message_from_string(raw, policy=policy.default)
    qs = urlencode(inputs["params"], doseq=True)
    parts = urlsplit("https://user@example.com:8443/p/a t?x=1#frag")
    return {
        "subject": back["subject"],
        "to": getaddresses([back["to"]]),
        "parts": [p.get_content_type() for p in back.walk()],
        "attachment": [a.get_filename() for a in back.iter_attachments()],
        "qs": qs,
        "unq": unquote_plus(qs),
        "quoted": quote("/p/a t/é", safe="/"),
        "split": [parts.scheme, parts.hostname, parts.port, parts.path, parts.fragment],
        "rebuilt": urlunsplit(parts._replace(query="", fragment="")),
        "parse": parseaddr("Ann <ann@x.org>"),
    }
