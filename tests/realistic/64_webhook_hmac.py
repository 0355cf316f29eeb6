# policy: default
# inputs: {"secret": "whsec_test", "timestamp": "1700000000", "body": "{\"event\":\"paid\",\"amount\":4200}", "signature": "t=1700000000,v1=PLACEHOLDER"}
# expect: {"expected":"08421f870a972864d7af6e241ec8fee919d1e0004b62f57bc7af57cd974acaf5","valid":false,"valid_with_right_sig":true,"token_len":22,"hex_len":16,"below":true,"pbkdf2":"632c2812e46d4604102ba7618e9d6d7d","blake2b":"2c92c9052123796cbaeda41fc1cca2f7","sha3":"a7ffc6f8bf1ed766","md5_nonsec":"900150983cd24fb0d6963f7d28e17f72","scrypt":"722af53bdb882592"}
import hashlib
import hmac
import secrets


def sign(secret, ts, body):
    return hmac.new(secret.encode(), f"{ts}.{body}".encode(), hashlib.sha256).hexdigest()


def main(inputs):
    expected = sign(inputs["secret"], inputs["timestamp"], inputs["body"])
    given = dict(p.split("=", 1) for p in inputs["signature"].split(","))["v1"]
    tok = secrets.token_urlsafe(16)
    key = hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 1000)
    return {
        "expected": expected,
        "valid": hmac.compare_digest(expected, given),
        "valid_with_right_sig": hmac.compare_digest(expected, sign("whsec_test", "1700000000", inputs["body"])),
        "token_len": len(tok),
        "hex_len": len(secrets.token_hex(8)),
        "below": 0 <= secrets.randbelow(10) < 10,
        "pbkdf2": key.hex()[:32],
        "blake2b": hashlib.blake2b(b"data", key=b"k", digest_size=16).hexdigest(),
        "sha3": hashlib.sha3_256(b"").hexdigest()[:16],
        "md5_nonsec": hashlib.md5(b"abc", usedforsecurity=False).hexdigest(),
        "scrypt": hashlib.scrypt(b"pw", salt=b"s", n=16, r=1, p=1, dklen=8).hex(),
    }
