# Empty files cost no tmpfs space but each is an inode and a dentry in kernel memory, which
# neither tmp_mb's size nor memory_mb counts: make them in the private /tmp until the kernel
# says no (or 200 000 of them, ~250 MB of slab, pass).
import errno

made, stop = 0, "none"
try:
    while made < 200_000:
        open(f"/tmp/f{made:07d}-{'x' * 180}", "w").close()
        made += 1
except OSError as e:
    stop = errno.errorcode.get(e.errno, str(e.errno))
result = {"stop": stop, "capped": made <= 64 * 256}
