# The ordinary way: subprocess.run of a shell.
import subprocess
subprocess.run(["/bin/sh", "-c", "touch " + inputs["marker"]])
result = "spawned"
