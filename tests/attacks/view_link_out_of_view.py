# From a writable directory, make a symlink and a hard link to the host secret, then read.
import sys
posix = sys.modules["posix"]
out = inputs["work"] + "/out/"
posix.symlink(inputs["secret"], out + "sym")
try:
    posix.link(inputs["secret"], out + "hard")
except FileNotFoundError:
    pass
result = open(out + "sym").read()
