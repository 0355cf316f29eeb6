# policy: default
# inputs: {"point": [3, 4]}
# stdout: "Help on built-in function hypot in module math:\n\nhypot(...)\n    hypot(*coordinates) -> value\n    \n    Multidimensional Euclidean distance from the origin to a point.\n    \n    Roughly equivalent to:\n        sqrt(sum(x**2 for x in coordinates))\n    \n    For a two dimensional point (x, y), gives the hypotenuse\n    using the Pythagorean theorem:  sqrt(x*x + y*y).\n    \n    For example, the hypotenuse of a 3/4/5 right triangle is:\n    \n        >>> hypot(3.0, 4.0)\n        5.0\n\n"
# expect: 5.0
import math
def main(inputs):
    # Looking up a function's signature from inside the node, as in a REPL: python3's site
    # adds help(); its docs go to stdout.
    help(math.hypot)
    return math.hypot(*inputs["point"])
