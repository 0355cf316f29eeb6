# A use-after-free in pure Python, the usual first step to memory corruption (which would
# switch the audit hook off): CPython 3.11's print() and input() read sys.stdout and sys.stdin
# as borrowed references, so a write() or flush() that rebinds them frees the stream in the
# middle of the call (print segfaulted; input raised "SystemError: Type does not define the
# tp_name field"). pywarden's print and input hold the streams for the call.
import sys

real_in, real_out = sys.stdin, sys.stdout


class Swapping:
    def write(self, s):
        sys.stdout = real_out
        [bytearray(56) for _ in range(200)]  # reuse the freed object's memory
        return len(s)

    def flush(self):
        sys.stdin = real_in
        [bytearray(56) for _ in range(200)]


class Line:
    def readline(self):
        return "typed\n"

    def fileno(self):
        raise OSError("not a terminal")


sys.stdout = Swapping()
print("a", "b", "c")
sys.stdin, sys.stdout = Line(), Swapping()
try:
    typed = input("prompt")
finally:
    sys.stdin, sys.stdout = real_in, real_out
result = {"typed": typed}
