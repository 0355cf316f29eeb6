# Open the host directory itself and read relative to it.
import os
d = os.open(inputs["host"], os.O_RDONLY | os.O_DIRECTORY)
fd = os.open("secret.txt", os.O_RDONLY, dir_fd=d)
result = os.read(fd, 100).decode()
