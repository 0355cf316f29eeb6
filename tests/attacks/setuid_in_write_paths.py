# Leave what outlives the run in a writable directory and harms the host later: a set-uid
# executable (on a root host, a way to root for any local user of that filesystem), made by
# chmod or created so by open, a FIFO named like a result file (the host's reader hangs), and a
# whiteout (a root-owned 0:0 character device that no later run can replace, and that hides
# the file beneath it where the directory becomes an overlay layer).
# Each made file is removed again. Needs the audit hook off (os, ctypes).
import os

out = os.path.join(inputs["work"], "out")
got = {}


def attempt(name, make, path):
    try:
        make(path)
        got[name] = "ok"
    except OSError as e:
        got[name] = {1: "EPERM", 38: "ENOSYS"}.get(e.errno, type(e).__name__)
    except ImportError as e:  # ctypes, where the audit hook is on
        got[name] = type(e).__name__
    if os.path.lexists(path):
        os.remove(path)


def chmod_suid(path):
    open(path, "w").close()
    os.chmod(path, 0o4755)


attempt("chmod", chmod_suid, os.path.join(out, "tool"))
attempt("open", lambda p: os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o6755)),
        os.path.join(out, "tool2"))
attempt("fifo", os.mkfifo, os.path.join(out, "results.json"))


def openat2_suid(path):
    # openat2 carries its mode in a struct no filter can read: refused as a whole
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    how = (ctypes.c_uint64 * 3)(os.O_CREAT | os.O_WRONLY, 0o4755, 0)
    fd = libc.syscall(ctypes.c_long(437), ctypes.c_long(-100), path.encode(), how, ctypes.c_long(24))
    if fd < 0:
        raise OSError(ctypes.get_errno(), "openat2")
    os.close(fd)


attempt("openat2", openat2_suid, os.path.join(out, "tool3"))


def rename_whiteout(path):
    # renameat2(RENAME_WHITEOUT) leaves a whiteout where the file was, without mknod
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    open(path, "w").close()
    nr = {"x86_64": 316, "aarch64": 276}[os.uname().machine]
    moved = path + ".moved"
    r = libc.syscall(ctypes.c_long(nr), ctypes.c_long(-100), path.encode(), ctypes.c_long(-100),
                     moved.encode(), ctypes.c_uint(4))
    if os.path.lexists(moved):
        os.remove(moved)
    if r < 0:
        raise OSError(ctypes.get_errno(), "renameat2")


attempt("whiteout", rename_whiteout, os.path.join(out, "result.json"))
attempt("plain", lambda p: (open(p, "w").close(), os.chmod(p, 0o755)), os.path.join(out, "ok"))
result = got
