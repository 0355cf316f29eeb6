# Copy the host secret into the writable directory.
import os, shutil
shutil.copy(inputs["secret"], os.path.join(inputs["work"], "out", "copy"))
result = open(os.path.join(inputs["work"], "out", "copy")).read()
