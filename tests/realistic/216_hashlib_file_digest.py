# policy: default
# inputs: {"secret": "s3cr3t", "payload": "{\"event\":\"paid\",\"id\":42}"}
# expect: {"file_sha256":"658637010cb1dbf0219d0bdd24de1e8ca21634b528c65d84ebe5996bfaafe540","md5":"43ca4319bd4da35464c966c19cfb9ccd","crc32":"5bce8382","sig":"5c0f5322a2a6cf427065e2d8d41d194d324d36ef343f37ff8afd46faaf4c3d88","valid":true,"sha3":"3a985da74fe225b2","blake2s":"972e9d2cd6de6402","shake":"5881092dd818bf5c","algorithms":true,"new_sha1":"a9993e3647"}
import hashlib
import hmac
import secrets
import zlib


def main(inputs):
    with open("sales.csv", "rb") as f:
        file_sha = hashlib.file_digest(f, "sha256").hexdigest()
    chunked = hashlib.md5(usedforsecurity=False)
    crc = 0
    with open("sales.csv", "rb") as f:
        for chunk in iter(lambda: f.read(16), b""):
            chunked.update(chunk)
            crc = zlib.crc32(chunk, crc)
    sig = hmac.new(inputs["secret"].encode(), inputs["payload"].encode(), hashlib.sha256).hexdigest()
    return {
        "file_sha256": file_sha, "md5": chunked.hexdigest(), "crc32": f"{crc:08x}",
        "sig": sig, "valid": secrets.compare_digest(sig, hmac.new(b"s3cr3t", inputs["payload"].encode(), "sha256").hexdigest()),
        "sha3": hashlib.sha3_256(b"abc").hexdigest()[:16], "blake2s": hashlib.blake2s(b"abc", digest_size=8).hexdigest(),
        "shake": hashlib.shake_128(b"abc").hexdigest(8), "algorithms": "sha512" in hashlib.algorithms_available,
        "new_sha1": hashlib.new("sha1", b"abc").hexdigest()[:10],
    }
