# Slow down other processes: nice, CPU affinity, scheduling, I/O priority and resource limits
# of the parent (the supervisor, or the warm template) and of every process of the same
# user. The kernel allows all of them on any process of the same user (other runs, a
# non-root host's own processes). Each call sets what is already there, so one that gets
# through changes nothing; the run's own pid stands for any other pid. Needs the audit hook
# off (ctypes).
import ctypes, errno, os

libc = ctypes.CDLL(None, use_errno=True)
NR = {"setpriority": 141, "getpriority": 140, "sched_setaffinity": 203,
      "sched_getaffinity": 204, "sched_setparam": 142, "sched_setscheduler": 144,
      "sched_getparam": 143, "sched_getscheduler": 145, "prlimit64": 302,
      "ioprio_set": 251, "ioprio_get": 252}
PRIO_PROCESS, PRIO_PGRP, PRIO_USER, IOPRIO_WHO_PROCESS, RLIMIT_NOFILE = 0, 1, 2, 1, 7


def call(name, *args):
    r = libc.syscall(ctypes.c_long(NR[name]),
                     *[ctypes.c_long(a) if isinstance(a, int) else a for a in args])
    return r, ctypes.get_errno()


def outcome(r_errno):
    r, e = r_errno
    return "ok" if r >= 0 else errno.errorcode[e]


tried = {}
for who, pid in (("parent", os.getppid()), ("self_by_pid", os.getpid())):
    nice = 20 - call("getpriority", PRIO_PROCESS, pid)[0]  # the raw call answers 20 - nice
    tried[who + ".setpriority"] = outcome(call("setpriority", PRIO_PROCESS, pid, nice))
    mask = (ctypes.c_ulong * 16)()
    n = call("sched_getaffinity", pid, ctypes.sizeof(mask), mask)[0]
    tried[who + ".sched_setaffinity"] = outcome(call("sched_setaffinity", pid, max(n, 8), mask))
    param = ctypes.c_int(0)
    call("sched_getparam", pid, ctypes.byref(param))
    policy = call("sched_getscheduler", pid)[0]
    tried[who + ".sched_setparam"] = outcome(call("sched_setparam", pid, ctypes.byref(param)))
    tried[who + ".sched_setscheduler"] = outcome(
        call("sched_setscheduler", pid, max(policy, 0), ctypes.byref(param)))
    lim = (ctypes.c_ulonglong * 2)()
    call("prlimit64", pid, RLIMIT_NOFILE, None, lim)
    tried[who + ".prlimit64"] = outcome(call("prlimit64", pid, RLIMIT_NOFILE, lim, None))
    prio = call("ioprio_get", IOPRIO_WHO_PROCESS, pid)[0]
    tried[who + ".ioprio_set"] = outcome(call("ioprio_set", IOPRIO_WHO_PROCESS, pid, max(prio, 0)))
own_nice = 20 - call("getpriority", PRIO_PROCESS, 0)[0]
tried["user.setpriority"] = outcome(call("setpriority", PRIO_USER, 0, own_nice))
tried["group.setpriority"] = outcome(call("setpriority", PRIO_PGRP, 0, own_nice))
# On itself by pid 0, everything stays allowed.
tried["self.setpriority"] = outcome(call("setpriority", PRIO_PROCESS, 0, own_nice))
result = {"refused": sorted(k for k, v in tried.items() if v == "EPERM"),
          "other": {k: v for k, v in tried.items() if v != "EPERM" and k != "self.setpriority"},
          "self": tried["self.setpriority"]}
