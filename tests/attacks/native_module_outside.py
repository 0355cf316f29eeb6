# Native code from a file the run wrote: _imp.create_dynamic dlopens a module spec's origin
# and raises no audit event (ctypes' dlopen does), so under data a .so written to out/ and
# imported through sys.path, or handed to create_dynamic directly, ran its constructor with
# only the hook in force. The bytes are this, built with
# cc -shared -fPIC -nostdlib -Os -s (a constructor writing to stdout, no PyInit_ of its own):
#   static const char msg[] = "pw-native-code-ran\n";
#   __attribute__((constructor)) static void ran(void) { write(1, msg, sizeof msg - 1); }
# Loaded, import fails with ImportError (no PyInit_pw_native) after the constructor ran.
import base64, importlib._bootstrap as bootstrap, sys, zlib

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
path = "out/pw_native.cpython-311-x86_64-linux-gnu.so"
with open(path, "wb") as f:
    f.write(zlib.decompress(base64.b64decode(SO)))
got = {}
sys.path.insert(0, "out")
try:
    import pw_native  # noqa: F401
except ImportError as e:
    got["import"] = type(e).__name__
spec = bootstrap.ModuleSpec("pw_native", None, origin=inputs["work"] + "/" + path)
try:
    bootstrap._imp.create_dynamic(spec)
except ImportError as e:
    got["create_dynamic"] = type(e).__name__
result = got
