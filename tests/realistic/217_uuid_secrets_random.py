# policy: strict
# expect: {"v1":[1,"specified in RFC 4122"],"v4":[4,36,true],"v5":"e28af53e-3ca6-5bf0-9d0a-e41ae43f323a","v3":"9073926b-929f-31c2-abc9-fad77ae3e8eb","token_len":true,"hex":16,"pw":12,"below":true,"sys":true,"seeded":[100,57,15,1,12],"sample":[37,2,42,44],"choices":["a","a","a","a","a","a"],"uuid_parse":104,"bits":true}
import random
import secrets
import string
import uuid


def main(inputs):
    u1, u4 = uuid.uuid1(), uuid.uuid4()
    ns = uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/orders/42")
    token = secrets.token_urlsafe(16)
    pw = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(12))
    sysrand = random.SystemRandom()
    rng = random.Random(1234)
    return {
        "v1": [u1.version, u1.variant], "v4": [u4.version, len(str(u4)), u4.hex == str(u4).replace("-", "")],
        "v5": str(ns), "v3": str(uuid.uuid3(uuid.NAMESPACE_DNS, "example.com")),
        "token_len": len(token) >= 21, "hex": len(secrets.token_hex(8)), "pw": len(pw),
        "below": 0 <= secrets.randbelow(10) < 10, "sys": 0 <= sysrand.random() < 1,
        "seeded": [rng.randint(1, 100) for _ in range(5)], "sample": rng.sample(range(50), 4),
        "choices": rng.choices("abc", weights=[10, 1, 1], k=6), "uuid_parse": uuid.UUID("{12345678-1234-5678-1234-567812345678}").int % 1000,
        "bits": random.getrandbits(8) < 256,
    }
