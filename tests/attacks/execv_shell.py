# Replace the run with a shell.
import os
os.execv("/bin/sh", ["sh", "-c", "touch " + inputs["marker"]])
