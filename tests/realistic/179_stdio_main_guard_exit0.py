# policy: default
# mode: stdio
# inputs: {"name": "z"}
# stdout: "{\"hi\": \"z\"}\n"
# expect: {"hi":"z"}
import json, sys

def main(inputs):
    return {"hi": inputs["name"]}

if __name__ == "__main__":
    try:
        data = json.loads(sys.stdin.read() or "{}")
        print(json.dumps(main(data)))
        sys.exit(0)
    except Exception as e:
        print(json.dumps({"success": False, "error": str(e)}))
        sys.exit(1)
