# OpenSSL opens the files an SSL context is named itself, with no audit event. Under default
# ssl is blocked, but http.client hands it out: with only the hook in force a run read the CA
# certificates of a host file (get_ca_certs), told which host files exist, and could load the
# host's TLS key into a context of its own, which then signs handshakes for it; and
# _ssl._test_decode_cert read a certificate file. The hook now checks load_cert_chain's,
# load_verify_locations' and _test_decode_cert's files as open() would.
import http.client

ssl = http.client.ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
got = {}
for name, call in (
    ("cafile", lambda: ctx.load_verify_locations(cafile=inputs["secret"])),
    ("capath", lambda: ctx.load_verify_locations(None, inputs["host"])),
    ("certfile", lambda: ctx.load_cert_chain(inputs["secret"])),
    ("keyfile", lambda: ssl._ssl._SSLContext.load_cert_chain(ctx, "/dev/null", inputs["secret"])),
    ("decode_cert", lambda: ssl._ssl._test_decode_cert(inputs["secret"])),
):
    try:
        call()
        got[name] = "loaded"
    except OSError as e:  # ssl.SSLError is one too: the file was read
        got[name] = type(e).__name__
got["in_library"] = ctx.load_default_certs() is None
result = got
