# os.posix_spawn of /bin/sh.
import os
os.posix_spawn("/bin/sh", ["sh", "-c", "touch " + inputs["marker"]], {})
result = "spawned"
