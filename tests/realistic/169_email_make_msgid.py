# policy: default
# expect: {"shape":true,"cid":true,"distinct":true}
from email.message import EmailMessage
from email.utils import make_msgid


def main(inputs):
    msg = EmailMessage()
    msg["Subject"] = "Weekly report"
    msg["Message-ID"] = make_msgid()
    cid = make_msgid(idstring="chart")
    mid = msg["Message-ID"]
    return {
        "shape": mid.startswith("<") and mid.endswith(">") and mid.count("@") == 1,
        "cid": ".chart@" in cid,
        "distinct": make_msgid() != make_msgid(),
    }
