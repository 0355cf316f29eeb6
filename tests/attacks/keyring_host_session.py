# The host's session keyring (a login's or a service's keys) is inherited across fork: look
# for the key the test planted there (inputs["key"]) and for one an earlier run planted (the
# table runs this twice: warm, through the same template), then plant one. keyctl and add_key are refused by seccomp; without it, only a
# keyring of the run's own keeps them apart. Needs the audit hook off (ctypes).
import ctypes, errno

libc = ctypes.CDLL(None, use_errno=True)
SESSION, KEYCTL_SEARCH = -3, 10


def outcome(r):
    return "found" if r >= 0 else errno.errorcode[ctypes.get_errno()]


found = libc.syscall(250, KEYCTL_SEARCH, SESSION, b"user", inputs["key"].encode(), 0)
earlier = libc.syscall(250, KEYCTL_SEARCH, SESSION, b"user", b"pw-planted-by-a-run", 0)
added = libc.syscall(248, b"user", b"pw-planted-by-a-run", b"x", 1, SESSION)
result = {"host_key": outcome(found), "earlier_run": outcome(earlier),
          "plant": "ok" if added >= 0 else errno.errorcode[ctypes.get_errno()]}
