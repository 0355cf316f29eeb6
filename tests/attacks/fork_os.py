# Start a process with os.fork.
import os
pid = os.fork()
if pid == 0:
    os._exit(0)
result = pid
