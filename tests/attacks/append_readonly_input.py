# Append to a file that is only readable.
import os
with open(os.path.join(inputs["work"], "data.txt"), "a") as f:
    f.write("pwned")
result = "written"
