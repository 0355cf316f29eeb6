# policy: default
# inputs: {"data": "The quick brown fox"}
# expect: {"md5":"a2004f37730b9445670a738fa0fc9ee5","sha1":"c519c1a06cdbeb2bc499e22137fb48683858b345","sha3":"6a982a1fd2b2b33bf284768bd0e3df2a67ee3d412ae6f3df8248b268755751d4","shake":"234cdabf1973d6a5db2100395d798a26","blake2b":"3723daa1bbe904c9b5a2b837d7980c20","blake2s":"9d222c8099d586a0","hmac_str_digestmod":"7a284e5025f32a846fa3e6957d10278eb5726dd4e0b04c8e0259defcd2cd0eb1","hmac_digest":"7d665e6239c574929a745a3724f08d68","crc32":3074782430,"adler32":1160644372,"guaranteed":["blake2b","blake2s","md5","sha1","sha224","sha256","sha384","sha3_224","sha3_256","sha3_384","sha3_512","sha512","shake_128","shake_256"],"sha512_256_avail":true,"copy":[true,"sha256",64]}
import hashlib
import hmac
import zlib


def main(inputs):
    b = inputs["data"].encode()
    return {
        "md5": hashlib.md5(b, usedforsecurity=False).hexdigest(),
        "sha1": hashlib.new("sha1", b).hexdigest(),
        "sha3": hashlib.sha3_256(b).hexdigest(),
        "shake": hashlib.shake_128(b).hexdigest(16),
        "blake2b": hashlib.blake2b(b, digest_size=16, key=b"k", person=b"app-v1").hexdigest(),
        "blake2s": hashlib.blake2s(b, salt=b"salt").hexdigest()[:16],
        "hmac_str_digestmod": hmac.new(b"secret", b, "sha256").hexdigest(),
        "hmac_digest": hmac.digest(b"secret", b, "sha512").hex()[:32],
        "crc32": zlib.crc32(b),
        "adler32": zlib.adler32(b),
        "guaranteed": sorted(hashlib.algorithms_guaranteed),
        "sha512_256_avail": "sha512_256" in hashlib.algorithms_available,
        "copy": (lambda h: [h.copy().hexdigest() == h.hexdigest(), h.name, h.block_size])(hashlib.sha256(b)),
    }
