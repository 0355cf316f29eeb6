# Another process's OOM score and its session's CPU share through /proc, by writing files, not
# by the calls seccomp refuses (setpriority and the like): /proc/<pid>/oom_score_adj (raising
# it needs no capability: the OOM killer then picks that process first) and
# /proc/<pid>/autogroup (a nice value for the target's whole session, set by anyone who can
# open the file for writing). Any process of the run's file-system uid qualifies: a root
# host's runs keep uid 0 for files, so every root process, pid 1 included. Tried on the
# parent (the supervisor, or the warm template) with the value it has, so a write that gets
# through changes nothing. Reports the exception class of each refusal.
import random

os = random._os  # default blocks importing os; random hands it out

out = {}
for name in ("oom_score_adj", "autogroup"):
    path = "/proc/%d/%s" % (os.getppid(), name)
    try:
        with open(path) as f:
            now = f.read()
        value = now.split("nice")[-1].strip() if name == "autogroup" else now.strip()
        with open(path, "w") as f:
            f.write(value)
        out[name] = "written"
    except OSError as e:
        out[name] = type(e).__name__
result = out
