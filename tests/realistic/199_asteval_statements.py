# policy: default
# stdout: "finish: n, i = 10 5\nunsupported operand type(s) for +: 'int' and 'str'\n"
# expect: {"while_break":4,"while_continue":[10,5],"for_else":-45,"returns":[3,99,6,-2],"no_leak":[[0,1,4,9],42,[[0,0],[0,1],[1,0],[1,1]],false,true],"try":["try","else","finally","try","except bad 1","finally"],"args":[[1,2,[],3,[]],[1,5,[6,7],8,[["z",9]]],[0,2,[],3,[["q",1]]]],"lambda":[0.25,"ZeroDivisionError",0.5],"deep":1,"del_slice":[0,1,3,5,7,8,9],"chained":[true,false,true],"assert":"no match"}
# asteval's statement tests (tests/test_asteval.py) as a script a user runs: loops with
# else, break and continue, returns inside loops, comprehensions that do not leak, try with
# else and finally, argument kinds, a lambda that failed once, deep nesting, del of slices.
out = {}

n = 0
while n < 8:
    n += 1
    if n > 3:
        break
else:
    n = -1
out["while_break"] = n

n, i = 0, 0
while n < 10:
    n += 1
    if n % 2:
        continue
    i += 1
print("finish: n, i =", n, i)
out["while_continue"] = [n, i]

total = 0
for k in range(10):
    total += k
else:
    total = -total
out["for_else"] = total


def func_while(nmax=10):
    n = 0
    while n < nmax:
        n += 1
        if n > 6:
            return 99
    return n


def func_for(nmax=10):
    for n in range(nmax):
        if n > 10:
            return -2
    return n


out["returns"] = [func_while(3), func_while(12), func_for(7), func_for(99)]

j = 42
y = [j * j for j in range(4)]
m = [(a, b) for a in range(2) for b in range(2)]
out["no_leak"] = [y, j, m, "a" in dir(), {s for s in range(3)} == {0, 1, 2}]

trail = []
for case in (0, 1):
    try:
        trail.append("try")
        if case:
            raise ValueError("bad %d" % case)
    except ValueError as my_error:
        trail.append("except " + str(my_error))
    else:
        trail.append("else")
    finally:
        trail.append("finally")
out["try"] = trail

try:
    2 + ""
except Exception as my_error:
    print(my_error)


def fn(a, b=2, *args, c=3, **kws):
    return [a, b, list(args), c, sorted(kws.items())]


out["args"] = [fn(1), fn(1, 5, 6, 7, c=8, z=9), fn(**{"a": 0, "q": 1})]

inv = lambda x: 1.0 / x  # noqa: E731
got = [inv(4)]
try:
    inv(0)
except ZeroDivisionError as err:
    got.append(type(err).__name__)
got.append(inv(2))
out["lambda"] = got

out["deep"] = eval("(" * 100 + "1" + ")" * 100)
lst = list(range(10))
del lst[2:8:2]
out["del_slice"] = lst
out["chained"] = [1 < 2 < 3, 3 > 2 > 2, 1 == 1.0 < 2]
try:
    assert n == 7, "no match"
except AssertionError as err:
    out["assert"] = str(err)
result = out
