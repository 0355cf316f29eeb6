# Hard-link the host secret into a writable directory.
import os
os.link(inputs["secret"], os.path.join(inputs["work"], "out", "hardlink"))
result = open(os.path.join(inputs["work"], "out", "hardlink")).read()
