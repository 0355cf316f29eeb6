# policy: data
# inputs: {"key": "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg=", "message": "card=4111-1111", "salt": "c2FsdHNhbHQ="}
# expect: {"plain":"card=4111-1111","tampered":"InvalidToken","derived":"E196ZhRPzw-wA84EjzHwJO1cv_MFJdO6C_sxmUeTYqY=","hmac":"53e1cedd550e0e693ce03bafe5ae424d9f292717018d586aaade877481dc824c","token_prefix":"g","digest":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}
import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def main(inputs):
    f = Fernet(inputs["key"].encode())
    token = f.encrypt(inputs["message"].encode())
    plain = f.decrypt(token).decode()
    try:
        f.decrypt(token[:-4] + b"AAAA")
        tampered = None
    except InvalidToken as e:
        tampered = type(e).__name__
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32,
                     salt=base64.b64decode(inputs["salt"]), iterations=1000)
    derived = base64.urlsafe_b64encode(kdf.derive(b"password")).decode()
    h = hmac.HMAC(b"k", hashes.SHA256())
    h.update(b"payload")
    return {"plain": plain, "tampered": tampered, "derived": derived,
            "hmac": h.finalize().hex(), "token_prefix": token[:1].decode(),
            "digest": (lambda d: (d.update(b"abc"), d.finalize().hex())[1])(hashes.Hash(hashes.SHA256()))}
