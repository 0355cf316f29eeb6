# policy: default
# expect: "EOFError: EOF when reading a line"
def main(inputs):
    try:
        line = input()
    except EOFError as e:
        line = f"EOFError: {e}"
    return line
