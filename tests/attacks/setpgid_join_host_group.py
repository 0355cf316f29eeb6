# Join the supervisor's (or the warm template's) process group, so that kill(0, sig), which
# the per-run filter lets reach "the run's own group", reaches the host and serve too. Only the
# join is tried; nothing is sent. Needs the audit hook off (os).
import os

parent_group = os.getpgid(os.getppid())
try:
    os.setpgid(0, parent_group)
    joined = "joined"
except OSError as e:
    joined = type(e).__name__
result = {"setpgid": joined, "leads_own_group": os.getpgid(0) == os.getpid()}
