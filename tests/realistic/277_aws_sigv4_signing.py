# policy: default
# inputs: {"method": "GET", "host": "examplebucket.s3.amazonaws.com", "path": "/test.txt", "query": {"X-Amz-Expires": "86400", "list-type": "2", "prefix": "a b/ü"}, "when": "20130524T000000Z", "region": "us-east-1", "service": "s3", "key_id": "AKIAIOSFODNN7EXAMPLE", "secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
# expect: {"canonical_query":"X-Amz-Expires=86400&list-type=2&prefix=a%20b%2F%C3%BC","signature":"6218b76a8a133be83e9ad029c12b9aea05e03476948d24786575c2c1e40fce08","authorization":"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=6218b76a8a133be83e9ad029c12b9aea05e03476948d24786575c2c1e40fce08","ok":true}
import hashlib
import hmac
from urllib.parse import quote


def _h(key, msg):
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret, date, region, service):
    k = _h(("AWS4" + secret).encode(), date)
    for part in (region, service, "aws4_request"):
        k = _h(k, part)
    return k


def main(inputs):
    q = sorted(inputs["query"].items())
    canonical_query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in q)
    payload_hash = hashlib.sha256(b"").hexdigest()
    headers = {"host": inputs["host"], "x-amz-content-sha256": payload_hash,
               "x-amz-date": inputs["when"]}
    signed = ";".join(sorted(headers))
    canonical = "\n".join([inputs["method"], quote(inputs["path"], safe="/-_.~"), canonical_query,
                           "".join(f"{k}:{headers[k].strip()}\n" for k in sorted(headers)),
                           signed, payload_hash])
    date = inputs["when"][:8]
    scope = f"{date}/{inputs['region']}/{inputs['service']}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", inputs["when"], scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    sig = hmac.new(signing_key(inputs["secret"], date, inputs["region"], inputs["service"]),
                   to_sign.encode(), hashlib.sha256).hexdigest()
    auth = (f"AWS4-HMAC-SHA256 Credential={inputs['key_id']}/{scope}, "
            f"SignedHeaders={signed}, Signature={sig}")
    return {"canonical_query": canonical_query, "signature": sig, "authorization": auth,
            "ok": hmac.compare_digest(sig, sig.upper().lower())}
