# Create files outside write_paths with os.mknod and os.mkfifo, which raise no audit event:
# under data (os allowed) the hook alone let both make nodes in the host's directory. The hook
# now checks their path as a write, as it does for the path events.
import os

got = {}
for name, make in (("mknod", os.mknod), ("mkfifo", os.mkfifo)):
    try:
        make(inputs["host"] + "/made-by-" + name)
        got[name] = "made"
    except OSError as e:
        got[name] = type(e).__name__
result = got
