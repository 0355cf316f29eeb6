# policy: strict
# inputs: {"versions": ["1.10.0", "1.2.0", "1.2.0-rc1", "2.0", "1.2"]}
# expect: {"sorted":["1.2.0-rc1","1.2.0","1.2","1.10.0","2.0"],"max":"Version('2.0')","ge":true,"unique":4,"cached":[false,true],"steps":[["double",2],["triple",3]],"partial":["1","2","rc1"],"pname":"split"}
import functools
import re


@functools.total_ordering
class Version:
    def __init__(self, text):
        self.text = text

    @functools.cached_property
    def key(self):
        main, _, pre = self.text.partition("-")
        nums = [int(x) for x in main.split(".")]
        while nums and nums[-1] == 0:
            nums.pop()
        return (tuple(nums), pre == "", pre)

    def __eq__(self, other):
        return self.key == other.key

    def __lt__(self, other):
        return self.key < other.key

    def __hash__(self):
        return hash(self.key)

    def __repr__(self):
        return f"Version({self.text!r})"


class Pipeline:
    def __init__(self):
        self.steps = []

    def add(self, name, factor):
        self.steps.append((name, factor))
        return self

    double = functools.partialmethod(add, "double", 2)


def main(inputs):
    vs = [Version(v) for v in inputs["versions"]]
    computed = "key" in vars(vs[0])
    _ = vs[0].key
    p = Pipeline().double().add("triple", 3)
    parse = functools.partial(re.split, r"[.-]")
    return {"sorted": [v.text for v in sorted(vs)], "max": repr(max(vs)),
            "ge": Version("1.2") >= Version("1.2.0"), "unique": len(set(vs)),
            "cached": [computed, "key" in vars(vs[0])], "steps": p.steps,
            "partial": parse("1.2-rc1"), "pname": parse.func.__name__}
