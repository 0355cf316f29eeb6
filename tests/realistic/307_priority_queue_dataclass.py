# policy: strict
# inputs: {"jobs": [["email", 2, 30], ["report", 1, 120], ["backup", 3, 600], ["resize", 1, 15], ["notify", 2, 5]]}
# expect: {"order":["report","resize","email","notify","backup"],"timeline":[["report",120],["resize",135],["email",165],["notify",170],["backup",770]],"under_100":["notify","resize","email"],"cheapest2":[["notify",2,5],["resize",1,15]],"merged":[1,2,3,4,5,9,10,15],"repr":"Job(priority=1, seq=0, name='x')"}
import bisect
import heapq
import itertools
from dataclasses import dataclass, field


@dataclass(order=True)
class Job:
    priority: int
    seq: int
    name: str = field(compare=False)
    cost: int = field(compare=False, repr=False)


def main(inputs):
    counter = itertools.count()
    heap = []
    for name, prio, cost in inputs["jobs"]:
        heapq.heappush(heap, Job(prio, next(counter), name, cost))
    order = []
    timeline = []
    clock = 0
    while heap:
        j = heapq.heappop(heap)
        clock += j.cost
        order.append(j.name)
        bisect.insort(timeline, (j.name, clock), key=lambda t: t[1])
    by_cost = sorted(inputs["jobs"], key=lambda j: j[2])
    costs = [j[2] for j in by_cost]
    i = bisect.bisect_left(by_cost, 100, key=lambda j: j[2])
    return {"order": order, "timeline": timeline, "under_100": [j[0] for j in by_cost[:i]],
            "cheapest2": heapq.nsmallest(2, inputs["jobs"], key=lambda j: j[2]),
            "merged": list(heapq.merge([1, 4, 9], [2, 3, 10], costs[:2])),
            "repr": repr(Job(1, 0, "x", 5))}
