# policy: default
# inputs: {"secret": "s3cr3t", "payload": {"event": "order.paid", "id": 991, "amount": "12.50"}, "name": "ann@example.com"}
# expect: {"sig":"fa7b889a5741a22b9668a348a27f5d58a3716a6f826060d1b8e199485576f414","ok":true,"sha3":"4a8589094db60298","blake":"5ad9ac6707c282cc","shake":"73ba4dfec7b9a1f0","md5":"b6a933afb2c8e0c0e44fe6dcf686e126","algs":["sha384","sha3_224","sha3_256","sha3_384","sha3_512"],"pbkdf2":"0a38253555ce37f5c72a6b703f996814","scrypt":"c5d06c368e4a07b8a98e9a06773fcf4a","b32":"NBSWY3DP","b85":"Xk~0{Zv","a85":"BOu!rDZ","urlsafe":"-vv8_f7_","u3":"e01665c0-a5bb-37aa-bca2-994e2428487b","u5":"0a28f026-ff75-57dd-b018-fbd393e26755","u1_version":1,"node_is_int":true,"u4_len":32,"tok":true,"hex":16,"below":true}
import base64
import hashlib
import hmac
import json
import secrets
import uuid


def main(inputs):
    body = json.dumps(inputs["payload"], separators=(",", ":"), sort_keys=True).encode()
    sig = hmac.new(inputs["secret"].encode(), body, hashlib.sha256).hexdigest()
    ok = hmac.compare_digest(sig, hmac.new(inputs["secret"].encode(), body, "sha256").hexdigest())
    key = hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 1000, dklen=16)
    sc = hashlib.scrypt(b"pw", salt=b"salt", n=16, r=8, p=1, dklen=16)
    u1 = uuid.uuid1()
    node = uuid.getnode()
    return {
        "sig": sig, "ok": ok, "sha3": hashlib.sha3_256(body).hexdigest()[:16], "blake": hashlib.blake2b(body, digest_size=8, key=b"k").hexdigest(),
        "shake": hashlib.shake_128(body).hexdigest(8), "md5": hashlib.md5(body, usedforsecurity=False).hexdigest(),
        "algs": sorted(a for a in hashlib.algorithms_guaranteed if "sha3" in a),
        "pbkdf2": key.hex(), "scrypt": sc.hex(), "b32": base64.b32encode(b"hello").decode(), "b85": base64.b85encode(b"hello").decode(),
        "a85": base64.a85encode(b"hello").decode(), "urlsafe": base64.urlsafe_b64encode(bytes(range(250, 256))).decode(),
        "u3": str(uuid.uuid3(uuid.NAMESPACE_DNS, inputs["name"])), "u5": str(uuid.uuid5(uuid.NAMESPACE_URL, inputs["name"])),
        "u1_version": u1.version, "node_is_int": isinstance(node, int), "u4_len": len(uuid.uuid4().hex),
        "tok": len(secrets.token_urlsafe(16)) >= 16, "hex": len(secrets.token_hex(8)), "below": 0 <= secrets.randbelow(10) < 10
    }
