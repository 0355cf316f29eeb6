# Open /proc/self/mem for writing (to patch the interpreter or the hook).
f = open("/proc/self/mem", "r+b")
result = "opened"
