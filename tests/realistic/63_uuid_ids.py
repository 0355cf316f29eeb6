# policy: default
# inputs: {"emails": ["ann@example.com", "BOB@example.com "]}
# expect: {"ids":{"ann@example.com":"7a4e6053-d564-51c3-89f5-696f848a1679","BOB@example.com ":"7d8c39d0-d9b0-586d-886a-60243b039be9"},"v4":[4,true,32],"v1_version":1,"parsed":["12345678123456781234567812345678","urn:uuid:12345678-1234-5678-1234-567812345678",104,"12345678-1234-5678-1234-567812345678"]}
import uuid


def main(inputs):
    ns = uuid.uuid5(uuid.NAMESPACE_DNS, "example.com")
    ids = {e: str(uuid.uuid5(ns, e.strip().lower())) for e in inputs["emails"]}
    r4 = uuid.uuid4()
    r1 = uuid.uuid1()
    parsed = uuid.UUID("{12345678-1234-5678-1234-567812345678}")
    return {
        "ids": ids,
        "v4": [r4.version, r4.variant == uuid.RFC_4122, len(r4.hex)],
        "v1_version": r1.version,
        "parsed": [parsed.hex, parsed.urn, parsed.int % 1000, str(uuid.UUID(bytes=parsed.bytes))],
    }
