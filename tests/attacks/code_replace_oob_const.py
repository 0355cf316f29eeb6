# Out-of-bounds LOAD_CONST through code.replace: reads past co_consts (memory corruption
# from pure Python). Whatever it does, the kernel layers still hold.
def f():
    return 1
f.__code__ = f.__code__.replace(co_consts=())
result = repr(f())
