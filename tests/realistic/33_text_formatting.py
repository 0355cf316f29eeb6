# policy: strict
# inputs: {"title": "quarterly report", "body": "The quick brown fox jumps over the lazy dog near the river bank."}
# expect: {"title":"Quarterly Report","lines":["The quick brown fox","jumps over the lazy dog","near the river bank."],"table":[" 1| The quick brown fox     |"," 2| jumps over the lazy dog |"," 3| near the river bank.    |"]}
import textwrap

def main(inputs):
    lines = textwrap.wrap(inputs["body"], width=24)
    return {"title": inputs["title"].title(), "lines": lines,
            "table": [f"{i:>2}| {l:<24}|" for i, l in enumerate(lines, 1)]}
