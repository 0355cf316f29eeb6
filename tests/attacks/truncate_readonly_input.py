# Truncate a file that is only readable (Landlock TRUNCATE, ABI 3).
import os
os.truncate(os.path.join(inputs["work"], "data.txt"), 0)
result = "truncated"
