# policy: strict
# inputs: {"jobs": [["build", 3, 5], ["test", 1, 2], ["deploy", 5, 1], ["lint", 1, 1], ["docs", 2, 3]], "cutoffs": [60, 70, 80, 90]}
# expect: {"order":[{"job":"test","done_at":2},{"job":"lint","done_at":3},{"job":"docs","done_at":6},{"job":"build","done_at":11},{"job":"deploy","done_at":12}],"merged":[0,1,2,3,4,9,10,11],"top2":[["build",3,5],["docs",2,3]],"board":[50,61,72,85,99],"grades":["F","D","C","B","A"]}
import heapq
from bisect import bisect_right, insort


def main(inputs):
    heap = []
    for seq, (name, prio, dur) in enumerate(inputs["jobs"]):
        heapq.heappush(heap, (prio, seq, name, dur))
    clock, order = 0, []
    while heap:
        prio, _, name, dur = heapq.heappop(heap)
        clock += dur
        order.append({"job": name, "done_at": clock})
    streams = [[1, 4, 9], [2, 3, 10], [0, 11]]
    board = []
    for s in [50, 85, 72, 99, 61]:
        insort(board, s)
    grades = "FDCBA"
    return {
        "order": order,
        "merged": list(heapq.merge(*streams)),
        "top2": heapq.nlargest(2, inputs["jobs"], key=lambda j: j[2]),
        "board": board,
        "grades": [grades[bisect_right(inputs["cutoffs"], s)] for s in board],
    }
