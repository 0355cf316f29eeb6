# policy: default
# timeout_ms: 1500
# error: {"type":"timeout","timeout_ms":1500}
# expect: null
import re
def main(inputs):
    return bool(re.match(r"(a+)+$", "a" * 40 + "b"))
