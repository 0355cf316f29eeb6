# os.mkfifo and os.mknod are checked by pywarden's wrapper, but their original converted mode
# (and mknod's device) itself, after the check: an __index__ there ran user code between the
# check and the call, which put the read-only work directory on the writable out/'s dir_fd,
# or changed the directory a relative path is resolved in, and under data the hook alone let
# a node be made in the work directory. The wrapper now converts every argument before it
# checks.
import os

got = {}
work = os.getcwd()


class SwapFd:
    def __index__(self):
        os.close(out)
        assert os.open(".", os.O_RDONLY) == out  # the lowest free fd: the same number
        return 0o600


class SwapCwd:
    def __index__(self):
        os.chdir("..")
        return 0o600


out = os.open("out", os.O_RDONLY)
try:
    os.mkfifo("made-by-fd-swap", SwapFd(), dir_fd=out)
    got["fd_swap"] = "made"
except OSError as e:
    got["fd_swap"] = type(e).__name__
os.chdir("out")
try:
    os.mknod("made-by-cwd-swap", SwapCwd())
    got["cwd_swap"] = "made"
except OSError as e:
    got["cwd_swap"] = type(e).__name__
got["left"] = sorted(n for n in os.listdir(work) if n.startswith("made-by-"))
result = got
