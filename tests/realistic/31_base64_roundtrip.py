# policy: strict
# inputs: {"payload": {"user": "ann", "roles": ["admin"]}}
# expect: {"token":"eyJ1c2VyIjoiYW5uIiwicm9sZXMiOlsiYWRtaW4iXX0=","same":true}
import base64
import json

def main(inputs):
    raw = json.dumps(inputs["payload"], separators=(",", ":")).encode()
    token = base64.urlsafe_b64encode(raw).decode()
    back = json.loads(base64.urlsafe_b64decode(token))
    return {"token": token, "same": back == inputs["payload"]}
