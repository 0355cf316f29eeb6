# policy: default
# inputs: {"template": {"name": "report", "sections": [{"title": "intro", "rows": [1, 2]}, {"title": "body", "rows": [3]}], "meta": {"tags": ["a"]}}}
# expect: {"original_rows":[1,2,99],"original_tags":["a"],"deep_tags":["a","b"],"tree":["/root","/root/a","/root/a/a1","/root/b"],"clone":["/root","/root/A","/root/A/a1","/root/b"],"parent_ok":true,"cycle_ok":true,"replace":null}
import copy


class Node:
    def __init__(self, name, children=None):
        self.name = name
        self.children = children or []
        self.parent = None
        for c in self.children:
            c.parent = self

    def __deepcopy__(self, memo):
        new = Node(self.name)
        memo[id(self)] = new
        new.children = [copy.deepcopy(c, memo) for c in self.children]
        for c in new.children:
            c.parent = new
        return new

    def paths(self, prefix=""):
        p = prefix + "/" + self.name
        return [p] + [x for c in self.children for x in c.paths(p)]


def main(inputs):
    t = inputs["template"]
    shallow = copy.copy(t)
    deep = copy.deepcopy(t)
    shallow["sections"][0]["rows"].append(99)
    deep["meta"]["tags"].append("b")
    tree = Node("root", [Node("a", [Node("a1")]), Node("b")])
    clone = copy.deepcopy(tree)
    clone.children[0].name = "A"
    cyc = [1]
    cyc.append(cyc)
    cyc2 = copy.deepcopy(cyc)
    return {
        "original_rows": t["sections"][0]["rows"],
        "original_tags": t["meta"]["tags"],
        "deep_tags": deep["meta"]["tags"],
        "tree": tree.paths(),
        "clone": clone.paths(),
        "parent_ok": clone.children[0].children[0].parent is clone.children[0],
        "cycle_ok": cyc2[1] is cyc2,
        "replace": copy.replace if hasattr(copy, "replace") else None,
    }
