# Read the environment block the process was started with.
result = open("/proc/self/environ", "rb").read().decode(errors="replace")
