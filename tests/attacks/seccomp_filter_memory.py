# Filters of the run's own: each one a process adds is kernel memory that no limit counts (a
# bpf_prog of a page or more, the filter, its JIT image), up to the kernel's 32768 instructions
# a process: 3607 one-instruction filters held ~23 MB per run, and the JIT turned constants the
# run chose into kernel code. Tries to add 64, through seccomp() and through prctl. Needs the
# audit hook off (ctypes).
import ctypes
import struct

libc = ctypes.CDLL(None, use_errno=True)
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_RET_ALLOW = 317, 1, 0x7FFF0000

allow_all = ctypes.create_string_buffer(struct.pack("=HBBI", 0x06, 0, 0, SECCOMP_RET_ALLOW))
prog = ctypes.create_string_buffer(struct.pack("=HxxxxxxQ", 1, ctypes.addressof(allow_all)))
libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
added = {"seccomp": 0, "prctl": 0}
for _ in range(64):
    if libc.syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) != 0:
        break
    added["seccomp"] += 1
for _ in range(64):
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0) != 0:
        break
    added["prctl"] += 1
result = added
