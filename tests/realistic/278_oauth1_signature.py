# policy: strict
# inputs: {"method": "POST", "url": "https://api.twitter.com/1.1/statuses/update.json?include_entities=true", "params": {"status": "Hello Ladies + Gentlemen, a signed OAuth request!"}, "consumer_key": "xvz1evFS4wEEPTGEFPHBog", "consumer_secret": "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", "token": "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", "token_secret": "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE", "nonce": "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", "timestamp": "1318622958"}
# expect: {"signature":"hCtSmYh+iHYCEqBWrE7C7hYmtUk=","base_len":452,"header":"OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\""}
import base64
import hashlib
import hmac
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit


def enc(s):
    return quote(str(s), safe="~")


def main(inputs):
    parts = urlsplit(inputs["url"])
    base_url = urlunsplit((parts.scheme, parts.netloc.lower(), parts.path, "", ""))
    oauth = {
        "oauth_consumer_key": inputs["consumer_key"],
        "oauth_nonce": inputs["nonce"],
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": inputs["timestamp"],
        "oauth_token": inputs["token"],
        "oauth_version": "1.0",
    }
    params = parse_qsl(parts.query) + list(inputs["params"].items()) + list(oauth.items())
    param_str = "&".join(f"{k}={v}" for k, v in sorted((enc(k), enc(v)) for k, v in params))
    base = "&".join([inputs["method"].upper(), enc(base_url), enc(param_str)])
    key = f"{enc(inputs['consumer_secret'])}&{enc(inputs['token_secret'])}"
    sig = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
    oauth["oauth_signature"] = sig
    header = "OAuth " + ", ".join(f'{enc(k)}="{enc(v)}"' for k, v in sorted(oauth.items()))
    return {"signature": sig, "base_len": len(base), "header": header}
