# Popen with preexec_fn (fork without vfork, then Python in the child).
import subprocess
subprocess.Popen(["/bin/true"], preexec_fn=lambda: None).wait()
result = "spawned"
