# An int argument is the low 32 bits of its register to the kernel, all 64 to a seccomp
# filter. With bit 32 set, prctl(PR_SET_SECCOMP) loaded a filter of the run's own (kernel
# memory and JIT code, seccomp_filter_memory), prctl(PR_SET_MEMORY_MERGE) and
# madvise(MADV_MERGEABLE) opted into KSM (host_memory_sharing): each rule compared all 64.
import ctypes
import errno

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.mmap.restype = ctypes.c_void_p
HI = 1 << 32


def call(*args):
    rc = libc.syscall(*[ctypes.c_ulong(a) for a in args])
    return "ok" if rc >= 0 else errno.errorcode[ctypes.get_errno()]


class Insn(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint32)]


class Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Insn))]


allow = (Insn * 1)(Insn(0x06, 0, 0, 0x7FFF0000))  # BPF_RET | BPF_K, SECCOMP_RET_ALLOW
prog = Prog(1, allow)
page = libc.mmap(None, 4096, 3, 0x22, -1, 0)  # PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS
result = {
    "seccomp": call(157, HI | 22, 2, ctypes.addressof(prog), 0, 0),  # prctl, SECCOMP_MODE_FILTER
    "merge_all": call(157, HI | 67, 1, 0, 0, 0),  # prctl(PR_SET_MEMORY_MERGE, 1)
    "mergeable": call(28, page, 4096, HI | 12),  # madvise(MADV_MERGEABLE)
}
