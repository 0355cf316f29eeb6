# policy: default
# inputs: {"n": 2000}
# stdout: "progress 0/2000 (0%)\n\r[          ]progress 500/2000 (25%)\n\r[##        ]progress 1000/2000 (50%)\n\r[#####     ]progress 1500/2000 (75%)\n\r[#######   ]\nno newline at end"
# expect: {"sum":1999000}
import sys
import time


def main(inputs):
    n = inputs["n"]
    done = 0
    for i in range(n):
        done += i
        if i % 500 == 0:
            print(f"progress {i}/{n} ({i / n:.0%})", flush=True)
            sys.stdout.write(f"\r[{'#' * (i * 10 // n):<10}]")
    print()
    print("warn: near limit", file=sys.stderr)
    sys.stdout.write("no newline at end")
    return {"sum": done}
