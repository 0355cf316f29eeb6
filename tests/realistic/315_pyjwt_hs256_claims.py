# policy: data
# inputs: {"secret": "s3cr3t-key-of-at-least-32-bytes!!", "claims": {"sub": "user-1", "role": "admin", "iat": 1700000000, "exp": 4102444800, "aud": "api"}}
# expect: {"token":"eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyLTEiLCJyb2xlIjoiYWRtaW4iLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6NDEwMjQ0NDgwMCwiYXVkIjoiYXBpIn0.HFcGN0vUMEH5i3GfFeFuGhIWef8SWvPNIcRMqiW3RfQ","decoded":{"sub":"user-1","role":"admin","iat":1700000000,"exp":4102444800,"aud":"api"},"header":{"alg":"HS256","kid":"k1","typ":"JWT"},"errors":{"wrong_key":"InvalidSignatureError","wrong_aud":"InvalidAudienceError","alg_none":"InvalidAlgorithmError","expired":"Signature has expired"}}
import jwt


def main(inputs):
    token = jwt.encode(inputs["claims"], inputs["secret"], algorithm="HS256", headers={"kid": "k1"})
    decoded = jwt.decode(token, inputs["secret"], algorithms=["HS256"], audience="api")
    header = jwt.get_unverified_header(token)
    errors = {}
    for name, kwargs in {
        "wrong_key": {"key": "other-key-of-at-least-32-bytes!!!", "algorithms": ["HS256"], "audience": "api"},
        "wrong_aud": {"key": inputs["secret"], "algorithms": ["HS256"], "audience": "web"},
        "alg_none": {"key": inputs["secret"], "algorithms": ["none"]},
    }.items():
        try:
            jwt.decode(token, **kwargs)
            errors[name] = None
        except jwt.PyJWTError as e:
            errors[name] = type(e).__name__
    expired = jwt.encode({"exp": 1}, inputs["secret"], algorithm="HS256")
    try:
        jwt.decode(expired, inputs["secret"], algorithms=["HS256"])
    except jwt.ExpiredSignatureError as e:
        errors["expired"] = str(e)
    return {"token": token, "decoded": decoded, "header": header, "errors": errors}
