# Stop ourselves: only the deadline can end the run.
import os, signal
os.kill(os.getpid(), signal.SIGSTOP)
result = "resumed"
