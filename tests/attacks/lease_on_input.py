# A read lease on a file of the work directory (the host's own file, on a root host) makes
# every host process that opens it for writing wait until the run lets go or the lease
# breaks (45 s).
import fcntl
import os

fd = os.open(os.path.join(inputs["work"], "data.txt"), os.O_RDONLY)
fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
result = "leased"
