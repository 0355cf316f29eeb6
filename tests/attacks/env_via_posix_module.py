# posix is always imported: read its environ without importing anything.
import sys
env = sys.modules["posix"].environ
result = {k.decode(): v.decode() for k, v in env.items()}
