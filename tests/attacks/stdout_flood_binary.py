# Flood stdout with binary junk.
import sys
junk = bytes(range(256)) * 4096
for _ in range(40):
    sys.stdout.buffer.write(junk)
result = "flooded"
