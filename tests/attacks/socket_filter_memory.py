# Classic BPF filters (SO_ATTACH_FILTER) on the run's own socketpairs: each is kernel memory
# no limit counts (the program, its cBPF copy, its JIT image: 252 filters of 4096
# instructions held ~20 MB of the host's memory) and kernel code the JIT makes from constants
# the run chose, charged to the host-wide bpf_jit_limit that every unprivileged filter (a
# container's seccomp program) shares. Reports the filters attached and the errno name that
# stopped them. Needs the audit hook off (ctypes, for the program's address).
import ctypes, errno, socket, struct

SO_ATTACH_FILTER, N = 26, 4096
# N-1 "ld #k" of distinct constants, then "ret #0xffff" (accept)
code = b"".join(struct.pack("HBBI", 0x00, 0, 0, 0x3C909090 + i) for i in range(N - 1))
prog = ctypes.create_string_buffer(code + struct.pack("HBBI", 0x06, 0, 0, 0xFFFF))
fprog = struct.pack("HL", N, ctypes.addressof(prog))
socks, attached, stop = [], 0, None
try:
    for _ in range(400):
        a, b = socket.socketpair()
        socks += [a, b]
        for s in (a, b):
            s.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, fprog)
            attached += 1
except OSError as e:
    stop = errno.errorcode[e.errno]
for s in socks:
    s.close()
result = {"attached": attached, "stop": stop}
