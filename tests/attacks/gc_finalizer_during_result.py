# Use-after-free in the result writer, from pure Python with every layer on. The C writer
# walks the returned list and dict through borrowed references; a dict whose keys are str
# subclasses makes it allocate (a set of key texts), and with gc.set_threshold(1) that
# allocation starts a collection whose finalizer (user code) empties the list, frees the
# dict being walked and sprays bytes over it: SIGSEGV (crashed) cold and warm before the fix,
# the kind of primitive pyjail exploits turn into arbitrary memory access (the hook off).
# Now the writer holds what it walks and no collection runs while it writes: the result is
# the dict as returned.
import gc


class S(str):
    pass


L = []
spray = []


class Bomb:
    def __del__(self):
        L.clear()
        for i in range(4000):
            spray.append(b"A" * 15 + i.to_bytes(8, "little") + b"A" * 8)


def main(inputs):
    L.append({S("a"): 1, S("b"): 2, S("c"): 3})
    b = Bomb()
    b.self = b  # a cycle only the collector frees
    del b
    filler = [{} for _ in range(200)]  # fill the dict free list: the victim goes to pymalloc
    del filler
    gc.set_threshold(1)
    return L
