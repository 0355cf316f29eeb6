# Hide a killed run's violations. fd 3 (the result channel) is reachable from every policy as
# open(3, "wb"), and the supervisor read the channel's records only up to the first byte
# that was not its own: one byte written there first, then a refusal, then the deadline, and
# the answer was a plain timeout listing no violation (a run that ends otherwise has its
# report voided as a result_channel policy_violation). Now every record of the child's is
# read past such bytes, and a channel holding them is a result_channel policy_violation
# however the run ended.
import time

open(3, "wb", buffering=0, closefd=False).write(b"x")
try:
    open("/etc/shadow")
except OSError:
    pass
while True:
    time.sleep(1)
