# Fork a child that leaves the process group (setsid) and outlives the deadline.
import os, time
pid = os.fork()
if pid == 0:
    os.setsid()
    time.sleep(60)
    os._exit(0)
time.sleep(60)
