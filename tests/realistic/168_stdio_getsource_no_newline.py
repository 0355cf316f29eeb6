# policy: default
# mode: stdio
# inputs: {"n": 3}
# stdout: "{\"sq\": 9, \"src\": \"def square(n):\\n    return n * n\\n\", \"last\": \"return n * n\", \"here\": \"print(json.dumps({\\\"sq\\\": square(data[\\\"n\\\"]), \\\"src\\\": inspect.getsource(square), \\\"last\\\": last, \\\"here\\\": traceback.extract_stack()[-1].line}))\"}\n"
# expect: {"sq":9,"src":"def square(n):\n    return n * n\n","last":"return n * n","here":"print(json.dumps({\"sq\": square(data[\"n\"]), \"src\": inspect.getsource(square), \"last\": last, \"here\": traceback.extract_stack()[-1].line}))"}
import inspect
import json
import sys


def square(n):
    return n * n


data = json.load(sys.stdin)
try:
    square(None)
except TypeError:
    import traceback
    last = traceback.extract_tb(sys.exc_info()[2])[-1].line
print(json.dumps({"sq": square(data["n"]), "src": inspect.getsource(square), "last": last, "here": traceback.extract_stack()[-1].line}))