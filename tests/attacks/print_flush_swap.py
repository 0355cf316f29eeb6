# print_stream_swap's use-after-free by another door: CPython 3.11's print() converts flush
# (a __bool__ of user code) before it reads sys.stdout, so a __bool__ that rebinds sys.stdout
# handed print a stream the wrapper had not held, which the first write() then freed
# (segfault, cold and warm, every layer on). pywarden's print converts flush first.
import sys

real_out = sys.stdout


class Swapping:
    def write(self, s):
        sys.stdout = real_out
        [bytearray(56) for _ in range(200)]  # reuse the freed object's memory
        return len(s)


class Rebinding:
    def __bool__(self):
        sys.stdout = Swapping()
        return False


print("a", "b", "c", "d", flush=Rebinding())
sys.stdout = real_out
result = {"printed": sys.stdout is real_out}
