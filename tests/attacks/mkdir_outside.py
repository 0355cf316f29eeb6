# Make a directory in a host directory.
import os
os.mkdir(inputs["host"] + "/pwned")
result = "made"
