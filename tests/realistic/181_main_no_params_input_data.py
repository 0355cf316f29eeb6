# policy: default
# inputs: {"x": 5}
# expect: 10
def main():
    return input_data["x"] * 2
