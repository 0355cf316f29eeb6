# Reach a host file through /proc/self/root.
result = open("/proc/self/root" + inputs["secret"]).read()
