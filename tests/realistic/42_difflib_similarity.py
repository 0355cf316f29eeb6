# policy: strict
# inputs: {"a": "kitten sitting", "b": "sitting kitten", "choices": ["apple", "apply", "ample", "maple"]}
# expect: {"ratio":0.5,"close":["apply","apple"]}
import difflib

def main(inputs):
    ratio = difflib.SequenceMatcher(None, inputs["a"], inputs["b"]).ratio()
    return {"ratio": round(ratio, 3), "close": difflib.get_close_matches("appel", inputs["choices"], n=2)}
