# policy: strict
# inputs: {"text": "Contact ann@example.com or BOB@Example.org; not me@ or @x.com."}
# expect: ["ann@example.com","bob@example.org"]
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")

def main(inputs):
    return sorted({m.lower() for m in EMAIL.findall(inputs["text"])})
