# What others do in a directory the run may read, as it happens: dnotify (fcntl F_NOTIFY)
# signals the run whenever any process reads, writes or creates a file there. With every layer
# on (the hook's fcntl events let it through; mailbox hands out fcntl under default) a run
# watching /usr/lib/python3.11/email saw each file the host and concurrent runs read there
# (which packages a neighbour imports), and one watching a shared work directory saw the
# host write its inputs. Seccomp refuses F_NOTIFY, and so does the hook. Here the run watches
# its own work directory and reads a file there itself, to show the watch works.
import asyncio.unix_events, mailbox, random, time

fcntl, os, signal = mailbox.fcntl, random._os, asyncio.unix_events.signal
seen = []
signal.signal(signal.SIGRTMIN, lambda *_: seen.append(1))
fd = os.open(inputs["work"], os.O_RDONLY)
fcntl.fcntl(fd, fcntl.F_SETSIG, signal.SIGRTMIN)
try:
    fcntl.fcntl(fd, fcntl.F_NOTIFY, fcntl.DN_ACCESS | fcntl.DN_CREATE | fcntl.DN_MULTISHOT)
    got = "set"
except OSError as e:
    got = type(e).__name__
open(os.path.join(inputs["work"], "data.txt")).read()
deadline = time.monotonic() + 2
while not seen and got == "set" and time.monotonic() < deadline:
    time.sleep(0.01)
result = {"F_NOTIFY": got, "seen": bool(seen)}
