# policy: default
# inputs: {"rows": ["1", "2", "x"]}
# expect: {"error":"ValueError: invalid literal for int() with base 10: 'x'","frames":2}
import traceback


def main(inputs):
    try:
        return sum(int(r) for r in inputs["rows"])
    except ValueError:
        lines = traceback.format_exc().splitlines()
        return {"error": lines[-1], "frames": sum('File "<code>"' in l for l in lines)}
