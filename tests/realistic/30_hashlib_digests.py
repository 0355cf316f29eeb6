# policy: strict
# inputs: {"text": "hello world"}
# expect: {"sha256":"b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9","md5":"5eb63bbbe01eeed093cb22bb8f5acdc3","hmac":"0ba06f1f9a630046"}
import hashlib
import hmac

def main(inputs):
    data = inputs["text"].encode()
    return {"sha256": hashlib.sha256(data).hexdigest(), "md5": hashlib.md5(data).hexdigest(),
            "hmac": hmac.new(b"key", data, "sha256").hexdigest()[:16]}
