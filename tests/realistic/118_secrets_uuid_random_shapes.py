# policy: default
# expect: {"hex_len":32,"hex_ok":true,"url_ok":true,"pw_ok":true,"below":true,"bits":true,"u4_version":4,"u4_variant":"specified in RFC 4122","u1_version":1,"distinct":100,"u5":"6639460f-3425-5329-8097-a58f06127860","u3":"9073926b-929f-31c2-abc9-fad77ae3e8eb","parsed":104}
import re
import secrets
import string
import uuid


def main():
    tok = secrets.token_hex(16)
    url = secrets.token_urlsafe(24)
    alphabet = string.ascii_letters + string.digits
    pw = "".join(secrets.choice(alphabet) for _ in range(20))
    u4 = uuid.uuid4()
    u1 = uuid.uuid1()
    return {
        "hex_len": len(tok),
        "hex_ok": bool(re.fullmatch(r"[0-9a-f]{32}", tok)),
        "url_ok": bool(re.fullmatch(r"[A-Za-z0-9_-]{32}", url)),
        "pw_ok": len(pw) == 20 and set(pw) <= set(alphabet),
        "below": 0 <= secrets.randbelow(10) < 10,
        "bits": secrets.randbits(8) < 256,
        "u4_version": u4.version,
        "u4_variant": u4.variant,
        "u1_version": u1.version,
        "distinct": len({uuid.uuid4().hex for _ in range(100)}),
        "u5": str(uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/a")),
        "u3": str(uuid.uuid3(uuid.NAMESPACE_DNS, "example.com")),
        "parsed": uuid.UUID("{12345678-1234-5678-1234-567812345678}").int % 1000,
    }
