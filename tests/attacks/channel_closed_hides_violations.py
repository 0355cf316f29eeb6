# Hide refusals by closing the result channel. posix is reachable without an import event
# (README "Known gaps"), so with every layer on, code closed fd 3 and then did what the hook
# refuses: the refusal records had nowhere to go, and the answer was `crashed` listing no
# violation. The run now ends at the first record it cannot send, as a result_channel
# policy_violation (channel_swapped_hides_violations points fd 3 elsewhere instead).
import sys

sys.modules["posix"].close(3)
try:
    open("/etc/shadow").read()
except OSError:
    pass
result = "refusals hidden"
