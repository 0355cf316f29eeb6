# Hide refusals by pointing the result channel at a pipe of the run's own (the real one kept
# open, so the supervisor sees no end of it), then wait for the deadline: the answer was a
# plain `timeout` listing no violation. The run now ends at the refusal, as a result_channel
# policy_violation, long before its deadline.
import sys
import time

P = sys.modules["posix"]
keep, (r, w) = P.dup(3), P.pipe()
P.dup2(w, 3)
try:
    open("/etc/shadow").read()
except OSError:
    pass
while True:
    time.sleep(1)
