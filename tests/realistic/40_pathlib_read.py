# policy: default
# expect: {"lines":2,"words":7,"first":"first"}
from pathlib import Path

def main(inputs):
    text = Path("notes.txt").read_text()
    words = text.split()
    return {"lines": len(text.splitlines()), "words": len(words), "first": words[0]}
