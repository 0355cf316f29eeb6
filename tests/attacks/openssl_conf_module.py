# Native code through an environment variable: OpenSSL reads OPENSSL_CONF when it first
# loads (at `import hashlib`, cold), and a configuration may name provider modules, which it
# dlopens itself, with no audit event. os.environ raises only "os.putenv", which the hook let
# through: under data, with only the hook in force, a .so the run wrote to out/ ran its
# constructor (the same bytes as native_module_outside). The hook now refuses setting the
# variables libraries load code or files from (OPENSSL_*, LD_*, GCONV_PATH, SSL_CERT_*).
import base64, os, zlib

SO = (
    "eNrtWDtvE0EQnj07zpEY24hIcWQEoQoo8SpngcRDQkgJj4KCpEfW2nfRnYTv0HkTYhpqCqSUlPkZFlUkCv4ABX+AnjJU"
    "xzmedW5HPiWWKCj2k9afv72ZfcxsM/Px2avnFmOgUIAncK4AniJ/qWXnHkAp/b0K5TPbOcjHtqUz4Dojv1I6TitjfXpT"
    "Z5vprPws9IMqzt8izHS2Ub7+Jd1iykU8B+Ul0LmIvJP6leDyUGHaxf0ue7/ssdkM+03WQ/0TnYcjfvn5fjmlr9dH/z99"
    "r859g3fvm6GQwYHX7Eau14xFuACsUXhcw31/JEmykYkD+7AL7LDGGuV5+4iN73cjHcep3TIYGBgYGBgYGBgYGBj8/1B1"
    "0gqpoxqg11OqDjxCe1XrDlGr2vAY9QIpQxeR68jzyCekPlXfrxD9J0kimLEmnAUvtrYerd7Z9jqBCFedFm/xzaZzb931"
    "Ok5r37mLUwC87/dlLEUHuC/6PnB3EPYHvTHLGHjsvRUjAVx6hzLVkSukAO757b1Y9Ly278bnCngQBrIt4lgMztYQvaAL"
    "vBv1el4o/8G9FjFXFsmfYlWnWzn5voZrWCS/iuuTfsk4NzSPK/jNIu9lSOp9gOn6Np7FIu/lhOxPz6/m1zM9lux7V7x8"
    "wf4Ozqn1fzOdl3L6HgoPiX9evwVI3CfvkvjXLZ03iL1N9E46KpgDrf9SmW5vE36DsVP+k/5SVQ9YgfipOOyhyWZOg2gt"
    "J/5ZLkx512voH12Qv79MyHIq"
)
with open("out/provider.so", "wb") as f:
    f.write(zlib.decompress(base64.b64decode(SO)))
with open("out/openssl.cnf", "w") as f:
    f.write("openssl_conf = init\n[init]\nproviders = prov\n[prov]\npw = pw\n"
            "[pw]\nmodule = %s/out/provider.so\nactivate = 1\n" % inputs["work"])
got = {}
for name in ("OPENSSL_CONF", "OPENSSL_MODULES", "GCONV_PATH", "SSL_CERT_FILE"):
    try:
        os.environ[name] = inputs["work"] + "/out/openssl.cnf"
        got[name] = "set"
    except OSError as e:
        got[name] = type(e).__name__
import hashlib  # noqa: E402

got["sha256"] = hashlib.sha256(b"x").hexdigest()[:8]
result = got
