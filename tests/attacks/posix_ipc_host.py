# POSIX shared memory and named semaphores are files in /dev/shm, shared with every process of
# the host, and _posixshmem and _multiprocessing reach them with no audit event. Under default
# both are blocked, but importing concurrent.futures.process loads _multiprocessing and a
# Manager() loads _posixshmem (multiprocessing's own import statements). With only the hook in
# force a run created /dev/shm files, removed any of them (another program's shared memory)
# and opened named semaphores by name (SemLock, reachable from object.__subclasses__()). The
# hook now refuses all of them.
import concurrent.futures.process  # noqa: F401
import random
import sys

os = random._os
try:
    sys.modules["multiprocessing"].get_context().Manager()
except OSError:
    pass  # its process is refused; its import of shared_memory ran
shm, mp = sys.modules["_posixshmem"], sys.modules["_multiprocessing"]
SemLock = [c for c in object.__subclasses__() if c.__name__ == "SemLock"][0]
name = "/pywarden-attack-%d" % os.getpid()
got = {}
for what, call in (
    ("shm_open", lambda: shm.shm_open(name, os.O_CREAT | os.O_RDWR, 0o600)),
    ("shm_unlink", lambda: shm.shm_unlink(name)),
    ("SemLock", lambda: SemLock(1, 1, 1, name, True)),
    ("_rebuild", lambda: SemLock._rebuild(0, 1, 1, name)),
    ("sem_unlink", lambda: mp.sem_unlink(name)),
):
    try:
        call()
        got[what] = "done"
    except OSError as e:
        got[what] = type(e).__name__
result = got
