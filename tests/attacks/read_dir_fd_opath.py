# O_PATH on / (not an access), then openat relative to it.
import os
root = os.open("/", os.O_PATH)
fd = os.open(inputs["secret"].lstrip("/"), os.O_RDONLY, dir_fd=root)
result = os.read(fd, 100).decode()
