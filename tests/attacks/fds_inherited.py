# Any fd open beyond stdin, stdout, stderr and the result pipe is something the sandbox let
# through: a Landlock ruleset built before the request, a template's socket, a host file.
import os

found = []
for fd in range(4, 1024):
    try:
        os.fstat(fd)
        found.append(fd)
    except OSError:
        pass
result = {"extra_fds": found}
