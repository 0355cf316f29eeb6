# policy: default
# expect: {"version":"3.11.2","tuple":["3","11","2"],"impl":"CPython","system":"Linux","machine_known":true,"major_minor":"3.11","hexversion_ok":true,"implementation":"cpython","byteorder":"little","maxsize_64":true,"float_dig":15}
import platform
import sys

if sys.version_info < (3, 8):
    raise RuntimeError("needs Python 3.8+")


def main(inputs):
    return {
        "version": platform.python_version(),
        "tuple": list(platform.python_version_tuple()),
        "impl": platform.python_implementation(),
        "system": platform.system(),
        "machine_known": platform.machine() in ("x86_64", "aarch64"),
        "major_minor": f"{sys.version_info.major}.{sys.version_info.minor}",
        "hexversion_ok": sys.hexversion >= 0x030B0000,
        "implementation": sys.implementation.name,
        "byteorder": sys.byteorder,
        "maxsize_64": sys.maxsize == 2**63 - 1,
        "float_dig": sys.float_info.dig,
    }
