# policy: default
# expect: {"src_first":"def validate(record, *rules, strict=False, **opts):","src_lines":3,"method":"def check(self, value):","start":14,"sig":"(record, *rules, strict=False, **opts)","params":["POSITIONAL_OR_KEYWORD","VAR_POSITIONAL","KEYWORD_ONLY","VAR_KEYWORD"],"doc":"A validation rule.","isfunc":true,"members":["__eq__","__init__","__repr__","check"],"caller":"main","module":true,"comments":null,"file":"<code>"}
import inspect
import textwrap
from dataclasses import dataclass


@dataclass
class Rule:
    """A validation rule."""
    field: str
    max_len: int = 10

    def check(self, value):
        return len(value) <= self.max_len


def validate(record, *rules, strict=False, **opts):
    "Apply rules to a record."
    return all(r.check(record[r.field]) for r in rules)


def main(inputs):
    src = inspect.getsource(validate)
    lines, start = inspect.getsourcelines(Rule.check)
    sig = inspect.signature(validate)
    caller = inspect.stack()[0].function
    return {
        "src_first": src.splitlines()[0], "src_lines": len(src.splitlines()),
        "method": textwrap.dedent("".join(lines)).splitlines()[0], "start": start,
        "sig": str(sig), "params": [p.kind.name for p in sig.parameters.values()],
        "doc": inspect.getdoc(Rule), "isfunc": inspect.isfunction(validate),
        "members": [n for n, _ in inspect.getmembers(Rule, inspect.isfunction)],
        "caller": caller, "module": inspect.getmodule(validate).__name__ == validate.__module__,
        "comments": inspect.getcomments(main), "file": inspect.getfile(validate),
    }
