# policy: strict
# inputs: {"scores": [33, 99, 77, 70, 89, 90, 100]}
# expect: "FACCBAA"
from bisect import bisect

def grade(score, breakpoints=(60, 70, 80, 90), grades="FDCBA"):
    return grades[bisect(breakpoints, score)]

def main(inputs):
    return "".join(grade(s) for s in inputs["scores"])
