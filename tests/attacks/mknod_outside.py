# Create files outside write_paths with os.mknod and os.mkfifo, which raise no audit event:
# under data (os allowed) the hook alone let both make nodes in the host's directory. The hook
# now checks their path as a write, as it does for the path events, converting the path and
# dir_fd once and handing the converted values on: a dir_fd given as an object with __index__
# (the read-only work directory's fd, from out/ as the cwd) must be judged as that directory,
# and one whose __index__ answers out/ first and the work directory next must not put a node
# in the work directory.
import os

got = {}
for name, make in (("mknod", os.mknod), ("mkfifo", os.mkfifo)):
    try:
        make(inputs["host"] + "/made-by-" + name)
        got[name] = "made"
    except OSError as e:
        got[name] = type(e).__name__
work = os.open(".", os.O_RDONLY)
out = os.open("out", os.O_RDONLY)
os.chdir("out")


class Fd:
    def __init__(self, *answers):
        self.answers = list(answers)

    def __index__(self):
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


for name, fd in (("dir_fd_index", Fd(work)), ("dir_fd_flip", Fd(out, work))):
    try:
        os.mknod("made-by-" + name, dir_fd=fd)
        got[name] = "made"
    except OSError as e:
        got[name] = type(e).__name__
result = got
