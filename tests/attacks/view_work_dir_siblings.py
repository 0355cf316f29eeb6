# The work directory's parent holds the host's other directories (here the secret's, a
# sibling under /tmp): list it and stat the sibling.
import sys
posix = sys.modules["posix"]
parent = inputs["work"].rsplit("/", 1)[0]
names = posix.listdir(parent)
seen = [n for n in names if inputs["host"].endswith("/" + n)]
try:
    posix.stat(inputs["host"])
    seen.append("stat:" + inputs["host"])
except FileNotFoundError:
    pass
result = {"seen": seen}
