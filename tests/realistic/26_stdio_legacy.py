# policy: default
# mode: stdio
# inputs: {"name": "you"}
# stdout: "starting\n{\"greeting\": \"hello you\"}\n"
# expect: {"greeting":"hello you"}
import json
import sys

data = json.load(sys.stdin)
print("starting")
print(json.dumps({"greeting": "hello " + data["name"]}))
