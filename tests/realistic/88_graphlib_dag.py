# policy: strict
# inputs: {"steps": {"fetch": [], "parse": ["fetch"], "validate": ["parse"], "enrich": ["parse"], "store": ["validate", "enrich"], "notify": ["store"]}}
# expect: {"waves":[["fetch"],["parse"],["enrich","validate"],["store"],["notify"]],"order":["fetch","parse","validate","enrich","store","notify"],"cycle":["nodes are in a cycle",["a","a","b"]]}
from graphlib import TopologicalSorter, CycleError


def main(inputs):
    ts = TopologicalSorter(inputs["steps"])
    ts.prepare()
    waves = []
    while ts.is_active():
        ready = sorted(ts.get_ready())
        waves.append(ready)
        ts.done(*ready)
    try:
        list(TopologicalSorter({"a": ["b"], "b": ["a"]}).static_order())
        cyc = None
    except CycleError as e:
        cyc = [e.args[0], sorted(e.args[1])]
    return {"waves": waves, "order": list(TopologicalSorter(inputs["steps"]).static_order()), "cycle": cyc}
