# policy: default
# inputs: {"arg1": 2, "arg2": 3}
# stdout: "called once\n"
# expect: {"result":6}
def main(arg1: int, arg2: int) -> dict:
    print("called once")
    return {"result": arg1 * arg2}

result = main(**inputs)
