# policy: default
# mode: stdio
# inputs: {"n": 5}
# stdout: "**********************************************************************\nFile \"__main__\", line 17, in __main__.fact\nFailed example:\n    fact(3)\nExpected:\n    7\nGot:\n    6\n**********************************************************************\n1 items had failures:\n   1 of   3 in __main__.fact\n***Test Failed*** 1 failures.\n{\"fact\": 120, \"failed\": 1, \"attempted\": 3, \"argv\": [\"-c\"]}\n"
# expect: {"fact":120,"failed":1,"attempted":3,"argv":["-c"]}
import json
import sys


def fact(n):
    """Factorial.

    >>> fact(5)
    120
    >>> fact(0)
    1
    >>> fact(3)
    7
    """
    return 1 if n <= 1 else n * fact(n - 1)


if __name__ == "__main__":
    import doctest
    res = doctest.testmod()
    data = json.load(sys.stdin)
    print(json.dumps({"fact": fact(data["n"]), "failed": res.failed, "attempted": res.attempted, "argv": sys.argv}))
