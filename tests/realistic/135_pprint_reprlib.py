# policy: default
# inputs: {"config": {"service": "billing", "replicas": 3, "env": {"DB_URL": "postgres://db:5432/app", "FEATURES": ["a", "b", "c", "d", "e", "f", "g"]}, "limits": {"cpu": "500m", "memory": "512Mi"}, "ports": [8080, 8443, 9090]}}
# stdout: "{'short': [1, 2]}\n"
# expect: {"pformat":["{'env': {'DB_URL': 'postgres://db:5432/app',","         'FEATURES': ['a', 'b', 'c',","                      'd', 'e', 'f',","                      'g']},"," 'limits': {'cpu': '500m',","            'memory': '512Mi'},"," 'ports': [8080, 8443, 9090],"," 'replicas': 3,"," 'service': 'billing'}"],"unsorted":"{'b': 1, 'a': 2}","depth":"{'env': {...},\n 'limits': {...},\n 'ports': [...],\n 'replicas': 3,\n 'service': 'billing'}","dataclass":["Job(name='nightly',","    args=[0,","          1,","          2,","          3,","          4,","          5,","          6,","          7,","          8,","          9,","          10,","          11,","          12,","          13,","          14,","          15,","          16,","          17,","          18,","          19,","          20,","          21,","          22,","          23,","          24,","          25,","          26,","          27,","          28,","          29])"],"readable":true,"saferepr":"{'x': [1, {'y': (2, 3)}]}","reprlib":"[0, 1, 2, 3, 4, 5, ...]","custom":"'a v...deed'","custom_list":"[0, 1, 2, ...]"}
import pprint
import reprlib
from dataclasses import dataclass


@dataclass
class Job:
    name: str
    args: list


def main(inputs):
    cfg = inputs["config"]
    pp = pprint.PrettyPrinter(width=40, sort_dicts=True, compact=True)
    pprint.pprint({"short": [1, 2]})
    r = reprlib.Repr()
    r.maxlist = 3
    r.maxstring = 12
    return {
        "pformat": pp.pformat(cfg).splitlines(),
        "unsorted": pprint.pformat({"b": 1, "a": 2}, sort_dicts=False),
        "depth": pprint.pformat(cfg, depth=1),
        "dataclass": pprint.pformat(Job("nightly", list(range(30))), width=50).splitlines(),
        "readable": pprint.isreadable(cfg),
        "saferepr": pprint.saferepr({"x": [1, {"y": (2, 3)}]}),
        "reprlib": reprlib.repr(list(range(100))),
        "custom": r.repr("a very long string indeed"),
        "custom_list": r.repr(list(range(10))),
    }
