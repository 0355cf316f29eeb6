# policy: strict
# inputs: {"events": ["click", "view", "click", "buy", "view", "click"]}
# expect: {"counts":{"click":3,"view":2,"buy":1},"by_count":{"1":["buy"],"2":["view"],"3":["click"]}}
from collections import Counter, defaultdict

def main(inputs):
    counts = Counter(inputs["events"])
    by_count = defaultdict(list)
    for name, n in counts.items():
        by_count[n].append(name)
    return {"counts": dict(counts.most_common()), "by_count": {str(k): sorted(v) for k, v in sorted(by_count.items())}}
