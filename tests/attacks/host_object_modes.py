# Loosen what the host owns in write_paths so that it stays loose after the run: out/ itself
# made group- or world-writable (any local user then plants files and links for the host), a
# default ACL on it (every file the host makes there later is world-readable and -writable,
# whatever its umask), umask 0 so that the run's own directories come out 0777. Read and
# search bits stay the run's to give (shutil.copymode of a 0644 input). Needs the audit
# hook off (os).
import os
import struct

out = os.path.join(inputs["work"], "out")
before = os.stat(out).st_mode & 0o7777
mine = os.path.join(out, "mine")
open(mine, "w").close()
got = {}


def attempt(name, call):
    try:
        call()
        got[name] = "ok"
    except OSError as e:
        got[name] = {1: "EPERM", 95: "EOPNOTSUPP"}.get(e.errno, "refused")


U = 0xFFFFFFFF  # ACL_UNDEFINED_ID
acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", t, 7, U) for t in (1, 4, 0x20))
attempt("chmod_777", lambda: os.chmod(out, 0o777))
attempt("chmod_g+w", lambda: os.chmod(out, 0o770))
attempt("fchmod_666", lambda: os.chmod(os.open(mine, os.O_RDONLY), 0o666))
attempt("default_acl", lambda: os.setxattr(out, "system.posix_acl_default", acl))
attempt("user_xattr", lambda: os.setxattr(mine, "user.k", b"v"))
attempt("removexattr", lambda: os.removexattr(mine, "user.k"))
attempt("umask_0", lambda: os.umask(0))
if got["umask_0"] != "ok":  # umask(2) cannot fail: glibc leaves errno as it was
    got["umask_0"] = "refused"
attempt("umask_022", lambda: os.umask(0o022))
attempt("chmod_644", lambda: os.chmod(mine, 0o644))
os.remove(mine)
got["out_kept"] = os.stat(out).st_mode & 0o7777 == before
result = got
