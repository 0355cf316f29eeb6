# Memory that is the host's to share: the huge pages a host reserved for its own services
# (MAP_HUGETLB takes them from the pool, up to memory_mb), and KSM merging (MADV_MERGEABLE,
# PR_SET_MEMORY_MERGE), through which colluding runs time each other's pages as the host
# merges them. Reports the errno name each attempt got ("ok" when the kernel took it; here
# nr_hugepages may be 0 and KSM off, so only EPERM shows the sandbox refused). Needs the
# audit hook off (ctypes, for prctl).
import ctypes, errno, mmap

MAP_HUGETLB, MADV_MERGEABLE, PR_SET_MEMORY_MERGE = 0x40000, 12, 67


def name(e):
    return errno.errorcode.get(e, str(e))


out = {}
try:
    m = mmap.mmap(-1, 2 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | MAP_HUGETLB)
    m.close()
    out["hugetlb"] = "ok"
except OSError as e:
    out["hugetlb"] = name(e.errno)
m = mmap.mmap(-1, 1 << 20)
try:
    m.madvise(MADV_MERGEABLE)
    out["mergeable"] = "ok"
except OSError as e:
    out["mergeable"] = name(e.errno)
libc = ctypes.CDLL(None, use_errno=True)
rc = libc.prctl(PR_SET_MEMORY_MERGE, 1, 0, 0, 0)
out["merge_all"] = "ok" if rc == 0 else name(ctypes.get_errno())
result = out
