# policy: default
# timeout_ms: 700
# error: {"type":"timeout","timeout_ms":700}
# expect: null
def main(inputs):
    n = 0
    while True:
        n += 1
