# policy: default
# inputs: {"edges": [["A", "B", 4], ["A", "C", 2], ["C", "B", 1], ["B", "D", 5], ["C", "D", 8], ["C", "E", 10], ["D", "E", 2], ["E", "F", 3], ["D", "F", 6]], "src": "A"}
# expect: {"dist":{"A":0,"B":3,"C":2,"D":8,"E":10,"F":13},"paths":{"A":["A"],"B":["A","C","B"],"C":["A","C"],"D":["A","C","B","D"],"E":["A","C","B","D","E"],"F":["A","C","B","D","E","F"]},"merged":[0,1,2,3,4,5,9,10],"merged_desc":[10,9,4,3],"nsmallest":[["C","B",1],["A","C",2],["D","E",2]],"pushpop":1,"replace":2,"heap":[0,3,4,5,8,9]}
import heapq
from collections import defaultdict


def dijkstra(graph, src):
    dist, prev = {src: 0}, {}
    pq = [(0, src)]
    seen = set()
    while pq:
        d, u = heapq.heappop(pq)
        if u in seen:
            continue
        seen.add(u)
        for v, w in graph[u]:
            nd = d + w
            if nd < dist.get(v, float("inf")):
                dist[v], prev[v] = nd, u
                heapq.heappush(pq, (nd, v))
    return dist, prev


def path(prev, t):
    out = [t]
    while out[-1] in prev:
        out.append(prev[out[-1]])
    return out[::-1]


def main(inputs):
    g = defaultdict(list)
    for a, b, w in inputs["edges"]:
        g[a].append((b, w))
        g[b].append((a, w))
    dist, prev = dijkstra(g, inputs["src"])
    streams = [[1, 4, 9], [2, 3, 10], [0, 5]]
    h = [5, 1, 8, 3, 9, 2]
    heapq.heapify(h)
    return {
        "dist": dict(sorted(dist.items())),
        "paths": {t: path(prev, t) for t in sorted(dist)},
        "merged": list(heapq.merge(*streams)),
        "merged_desc": list(heapq.merge([9, 4], [10, 3], reverse=True)),
        "nsmallest": heapq.nsmallest(3, inputs["edges"], key=lambda e: e[2]),
        "pushpop": heapq.heappushpop(h, 4),
        "replace": heapq.heapreplace(h, 0),
        "heap": [heapq.heappop(h) for _ in range(len(h))],
    }
