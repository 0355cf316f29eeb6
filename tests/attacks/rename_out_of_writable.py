# Move a file from the writable directory into a host directory.
import os
src = os.path.join(inputs["work"], "out", "moved")
open(src, "w").close()
os.rename(src, inputs["host"] + "/pwned")
result = "moved"
