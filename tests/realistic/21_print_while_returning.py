# policy: default
# inputs: {"items": ["a", "b"]}
# stdout: "processing a\nprocessing b\ndone: 2\n"
# expect: {"processed":2}
def main(inputs):
    for item in inputs["items"]:
        print("processing", item)
    print(f"done: {len(inputs['items'])}")
    return {"processed": len(inputs["items"])}
