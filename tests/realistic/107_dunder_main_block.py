# policy: default
# inputs: {"x": 2}
# expect: {"x":6,"argv":["-c"],"name":"pywarden_job"}
import sys


def main(inputs):
    return {"x": inputs["x"] * 3, "argv": sys.argv, "name": __name__}


if __name__ == "__main__":
    print("running as a script")
