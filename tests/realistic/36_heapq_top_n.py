# policy: strict
# inputs: {"scores": {"ann": 91, "bob": 78, "cy": 85, "dee": 99, "ed": 60}}
# expect: {"top3":["dee","ann","cy"],"bottom":[["ed",60]]}
import heapq

def main(inputs):
    s = inputs["scores"]
    return {"top3": heapq.nlargest(3, s, key=s.get), "bottom": heapq.nsmallest(1, s.items(), key=lambda kv: kv[1])}
