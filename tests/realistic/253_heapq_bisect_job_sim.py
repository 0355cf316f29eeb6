# policy: strict
# inputs: {"jobs": [["build", 0, 5, 2], ["test", 2, 3, 1], ["deploy", 3, 1, 0], ["lint", 1, 2, 3], ["docs", 4, 4, 3]], "workers": 2, "slots": [[9, 10], [11, 13], [15, 16]], "probe": [8, 9.5, 10, 12, 14, 16]}
# expect: {"log":[[0,"start","build"],[1,"start","lint"],[3,"done","lint"],[3,"start","deploy"],[4,"done","deploy"],[4,"start","test"],[5,"done","build"],[5,"start","docs"],[7,"done","test"],[9,"done","docs"]],"busy":[false,true,false,true,false,false],"by_end":[[9,10],[11,13],[15,16]],"merged":[1,2,3,4,5,9,10],"top":[["build",0,5,2],["docs",4,4,3]],"left":1}
import bisect
import heapq
import itertools
from dataclasses import dataclass, field


@dataclass(order=True)
class Ready:
    priority: int
    arrival: int
    name: str = field(compare=False)
    duration: int = field(compare=False)


def simulate(jobs, workers):
    pending = sorted(jobs, key=lambda j: j[1])
    ready, running, log, clock, i = [], [], [], 0, 0
    counter = itertools.count()
    while i < len(pending) or ready or running:
        while i < len(pending) and pending[i][1] <= clock:
            n, arr, dur, pri = pending[i]
            heapq.heappush(ready, Ready(pri, arr, n, dur))
            i += 1
        while ready and len(running) < workers:
            r = heapq.heappop(ready)
            heapq.heappush(running, (clock + r.duration, next(counter), r.name))
            log.append([clock, "start", r.name])
        nxt = [t for t in ([running[0][0]] if running else []) + ([pending[i][1]] if i < len(pending) else [])]
        clock = min(nxt) if nxt else clock
        while running and running[0][0] <= clock:
            t, _, n = heapq.heappop(running)
            log.append([t, "done", n])
    return log


def main(inputs):
    starts = [s for s, _ in inputs["slots"]]
    busy = []
    for t in inputs["probe"]:
        k = bisect.bisect_right(starts, t) - 1
        busy.append(k >= 0 and t < inputs["slots"][k][1])
    sorted_by_end = []
    for s in inputs["slots"][::-1]:
        bisect.insort(sorted_by_end, s, key=lambda x: x[1])
    merged = list(heapq.merge([1, 4, 9], [2, 3, 10], [5], key=abs))
    return {"log": simulate(inputs["jobs"], inputs["workers"]), "busy": busy, "by_end": sorted_by_end,
            "merged": merged, "top": heapq.nlargest(2, inputs["jobs"], key=lambda j: j[2]),
            "left": bisect.bisect_left([1, 2, 2, 3], 2, key=None)}
