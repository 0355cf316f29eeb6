# policy: strict
# inputs: {"token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"}
# expect: {"header":{"alg":"HS256","typ":"JWT"},"claims":{"sub":"1234567890","name":"John Doe","iat":1516239022},"sig_bytes":32,"b32":"AD7RA2DFNRWG6===","b85":"0RIqZWo&G3","a85":"!<3UDASc1$","hex":"00ff-1068-656c-6c6f","crc32":82888281,"roundtrip":true,"strict":"Only base64 data is allowed"}
import base64
import binascii
import json


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def main(inputs):
    head, payload, sig = inputs["token"].split(".")
    raw = b"\x00\xff\x10hello"
    try:
        base64.b64decode("abc$", validate=True)
        strict = "accepted"
    except binascii.Error as e:
        strict = str(e)
    return {
        "header": json.loads(b64url_decode(head)),
        "claims": json.loads(b64url_decode(payload)),
        "sig_bytes": len(b64url_decode(sig)),
        "b32": base64.b32encode(raw).decode(),
        "b85": base64.b85encode(raw).decode(),
        "a85": base64.a85encode(raw).decode(),
        "hex": binascii.hexlify(raw, "-", 2).decode(),
        "crc32": binascii.crc32(raw),
        "roundtrip": base64.b64decode(base64.b64encode(raw)) == raw,
        "strict": strict,
    }
