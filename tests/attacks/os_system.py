# os.system: glibc posix_spawn of /bin/sh (clone with CLONE_VM|CLONE_VFORK).
import os
rc = os.system("touch " + inputs["marker"])
result = {"spawned": rc == 0}
