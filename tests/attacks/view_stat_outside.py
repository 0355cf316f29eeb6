# Learn whether host files exist, and their metadata, without opening them: stat, lstat,
# access, os.path.exists, pathlib, through the posix module reached without an import.
import sys, pathlib
posix = sys.modules["posix"]
targets = [inputs["secret"], inputs["host"], "/etc/shadow", "/etc/passwd", "/home", "/root",
           "/var", "/run", "/proc", "/sys", "/boot", "/usr/bin/env"]
seen = []
for t in targets:
    for name, probe in (("stat", posix.stat), ("lstat", posix.lstat),
                        ("access", lambda p: posix.access(p, 0) or posix.stat(p)),
                        ("pathlib", lambda p: pathlib.Path(p).exists() or posix.stat(p))):
        try:
            probe(t)
            seen.append(name + ":" + t)
        except FileNotFoundError:
            pass
result = {"seen": seen}
