# policy: default
# inputs: {"to": [["Zoë Müller", "zoe@example.com"], ["Bob", "bob@example.org"]], "subject": "Rapport für März ✓", "csv": "a,b\n1,2\n"}
# expect: {"subject":"Rapport für März ✓","to":["Zoë Müller","Bob"],"raw_subject":["Subject: Rapport =?utf-8?b?ZsO8ciBNw6RyeiDinJM=?="],"atts":[["bericht-märz.csv","text/csv","a,b\n1,2\n"]],"body":"Hallo,\nanbei der Bericht.\n","types":["multipart/mixed","multipart/alternative","text/plain","text/html","text/csv"],"ascii":true}
from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage


def main(inputs):
    msg = EmailMessage()
    msg["From"] = Address("Reports", "reports", "example.com")
    msg["To"] = [Address(n, addr_spec=a) for n, a in inputs["to"]]
    msg["Subject"] = inputs["subject"]
    msg["Message-ID"] = "<1@example.com>"
    msg.set_content("Hallo,\nanbei der Bericht.\n")
    msg.add_alternative("<p>Hallo, <b>anbei</b> der Bericht.</p>", subtype="html")
    msg.add_attachment(inputs["csv"].encode(), maintype="text", subtype="csv", filename="bericht-märz.csv")
    msg.set_boundary("==BOUNDARY==")
    raw = msg.as_bytes()
    back = message_from_bytes(raw, policy=policy.default)
    atts = [(p.get_filename(), p.get_content_type(), p.get_content()) for p in back.iter_attachments()]
    body = back.get_body(preferencelist=("plain",)).get_content()
    return {"subject": back["Subject"], "to": [a.display_name for a in back["To"].addresses],
            "raw_subject": [l for l in raw.decode().splitlines() if l.startswith("Subject:")],
            "atts": atts, "body": body, "types": [p.get_content_type() for p in back.walk()],
            "ascii": raw.isascii()}
