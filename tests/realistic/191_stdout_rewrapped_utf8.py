# policy: default
# stdout: "naïve café ✓\nbytes too\n"
# expect: {"tell":"UnsupportedOperation","seekable":false}
import io
import sys

# The idiom scripts carry from Windows hosts: stdout re-wrapped as UTF-8 before printing.
sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", errors="replace",
                              line_buffering=True)


def main(inputs):
    print("naïve café ✓")
    sys.stdout.buffer.write(b"bytes too\n")
    sys.stdout.flush()
    try:
        sys.stdout.tell()
        tell = "no error"
    except io.UnsupportedOperation:
        tell = "UnsupportedOperation"
    except OSError as e:
        tell = "OSError: " + e.strerror
    return {"tell": tell, "seekable": sys.__stderr__.buffer.seekable()}
