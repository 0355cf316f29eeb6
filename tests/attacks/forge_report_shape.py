# A report header that is valid JSON but not of the answer's shape. Code that can read its own
# memory (the audit hook off, as under "trusted") finds the report nonce (as
# forge_report_header does) and writes a header whose error has a known type but no message,
# and whose violations are not objects. The supervisor copied both into the answer: hosts
# reading error.message (documented on every error) or violations[i].event failed on it. Such
# a header is now "the run sent a malformed report".
# prelude: report_nonce (it finds `nonce`; os is imported there)

header = b'{"violations":[1,"x"],"error":{"type":"exception","exception":"E"}}'
os.write(3, nonce + b"\n" + header + b"\nnull")
os._exit(0)
