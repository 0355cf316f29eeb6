# Make a symlink in a writable directory that points at the host secret, then read it.
import os
link = os.path.join(inputs["work"], "out", "link")
os.symlink(inputs["secret"], link)
result = open(link).read()
