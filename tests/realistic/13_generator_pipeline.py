# policy: strict
# inputs: {"n": 20}
# expect: [4,16,36,64,100,144,196,256,324,400]
def numbers(n):
    yield from range(1, n + 1)

def evens(xs):
    return (x for x in xs if x % 2 == 0)

def squares(xs):
    for x in xs:
        yield x * x

def main(inputs):
    return list(squares(evens(numbers(inputs["n"]))))
