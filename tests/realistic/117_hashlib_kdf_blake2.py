# policy: default
# inputs: {"password": "correct horse battery staple", "salt": "73616c7473616c74", "payload": "hello world"}
# expect: {"pbkdf2":"cf34d5364a5d9c3b1059996837fccff2f514ef80426c70ffb434974b8cd73d2b","scrypt":"2448aadf54e80d754b7a4a0f8826173bb78b80205e60a1d9d6e96061b10461c6","blake2b":"7b800d14477d30cfebe2bf7bcac229a4","blake2s":"9aec6806794561107e594b1f6a8a6b0c92a0cba9acf5e5e93cca06f781813b0b","sha3":"644bcc7e564373040999aac89e7622f3ca71fba1d972fd94a31c3bfbf24e3938","shake":"3a9159f071e4dd1c8c4f","file_digest":"34c793c9beb4440cfc3badd697760712152fcbe08905a6a2137b3895fd7719df","md5_new":"5eb63bbbe01eeed093cb22bb8f5acdc3","verify":true,"crc32":222957957,"adler32":436929629,"crc_hqx":15332,"algos_ok":true}
import binascii
import hashlib
import hmac
import io
import zlib


def main(inputs):
    pw = inputs["password"].encode()
    salt = bytes.fromhex(inputs["salt"])
    data = inputs["payload"].encode()
    pbk = hashlib.pbkdf2_hmac("sha256", pw, salt, 1000)
    scr = hashlib.scrypt(pw, salt=salt, n=2 ** 10, r=8, p=1, dklen=32)
    b2 = hashlib.blake2b(data, digest_size=16, key=b"k", person=b"pywarden")
    stored = "pbkdf2$" + pbk.hex()
    return {
        "pbkdf2": pbk.hex(),
        "scrypt": scr.hex(),
        "blake2b": b2.hexdigest(),
        "blake2s": hashlib.blake2s(data).hexdigest(),
        "sha3": hashlib.sha3_256(data).hexdigest(),
        "shake": hashlib.shake_128(data).hexdigest(10),
        "file_digest": hashlib.file_digest(io.BytesIO(data * 1000), "sha256").hexdigest(),
        "md5_new": hashlib.new("md5", data).hexdigest(),
        "verify": hmac.compare_digest(stored, "pbkdf2$" + hashlib.pbkdf2_hmac("sha256", pw, salt, 1000).hex()),
        "crc32": zlib.crc32(data),
        "adler32": zlib.adler32(data),
        "crc_hqx": binascii.crc_hqx(data, 0),
        "algos_ok": {"sha256", "sha512", "blake2b"} <= hashlib.algorithms_available,
    }
