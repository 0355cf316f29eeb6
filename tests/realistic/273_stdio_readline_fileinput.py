# policy: default
# mode: stdio
# inputs: {"items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 0}], "note": "line1\nline2"}
# stdout: "{\"kept\": [{\"sku\": \"a\", \"qty\": 2}], \"more\": [], \"enc\": \"utf-8\", \"note_lines\": [\"line1\", \"line2\"]}\n"
# expect: {"kept":[{"sku":"a","qty":2}],"more":[],"enc":"utf-8","note_lines":["line1","line2"]}
import fileinput
import json
import sys


def main() -> int:
    first = sys.stdin.readline()
    rest = sys.stdin.read()
    data = json.loads(first + rest)
    print(f"read {len(first + rest)} chars, isatty={sys.stdin.isatty()}, argv={sys.argv}", file=sys.stderr)
    kept = [i for i in data["items"] if i["qty"] > 0]
    more = list(fileinput.input())  # stdin again: at its end
    print(json.dumps({"kept": kept, "more": more, "enc": sys.stdin.encoding, "note_lines": data["note"].splitlines()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
