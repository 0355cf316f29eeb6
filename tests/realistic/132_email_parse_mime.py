# policy: default
# inputs: {"raw": "From: =?utf-8?q?Jos=C3=A9_P=C3=A9rez?= <jose@example.com>\r\nTo: ops@example.com, \"Doe, Jane\" <jane@example.org>\r\nSubject: =?utf-8?b?UmVwb3J0IOKAkyBRMQ==?=\r\nDate: Tue, 05 Mar 2024 14:30:00 +0100\r\nMessage-ID: <abc@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nTotal: 12 =E2=82=AC\r\n--XX\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Total: 12 &euro;</p>\r\n--XX--\r\n"}
# expect: {"from":["José Pérez","jose@example.com"],"from_name":"José Pérez","to":[["","ops@example.com"],["Doe, Jane","jane@example.org"]],"subject":"Report – Q1","legacy_subject":"Report – Q1","date":"2024-03-05T14:30:00+01:00","epoch":1709645400,"plain":"Total: 12 €","html":"<p>Total: 12 &euro;</p>","types":["multipart/alternative","text/plain","text/html"],"is_multipart":true,"msgid_ok":true,"formatdate":"Thu, 01 Jan 1970 00:00:00 GMT"}
import email
from email import policy
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime, parseaddr, formatdate, make_msgid, mktime_tz, parsedate_tz


def main(inputs):
    msg = email.message_from_string(inputs["raw"], policy=policy.default)
    plain = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    legacy = email.message_from_string(inputs["raw"])
    when = parsedate_to_datetime(msg["Date"])
    mid = make_msgid(domain="example.com")
    return {
        "from": parseaddr(str(msg["From"])),
        "from_name": msg["From"].addresses[0].display_name,
        "to": getaddresses([str(msg["To"])]),
        "subject": str(msg["Subject"]),
        "legacy_subject": str(make_header(decode_header(legacy["Subject"]))),
        "date": when.isoformat(),
        "epoch": mktime_tz(parsedate_tz(legacy["Date"])),
        "plain": plain.get_content(),
        "html": html.get_content().strip(),
        "types": [p.get_content_type() for p in msg.walk()],
        "is_multipart": msg.is_multipart(),
        "msgid_ok": mid.startswith("<") and mid.endswith("@example.com>"),
        "formatdate": formatdate(0, usegmt=True),
    }
