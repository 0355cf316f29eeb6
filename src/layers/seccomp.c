/* Layer "seccomp": a deny-list of the kernel interfaces untrusted Python never needs (exec,
 * new processes, ptrace, mount, namespaces, bpf, keyrings, io_uring, sockets without network,
 * TIOCSTI...) answering EPERM, so Python sees PermissionError. Three programs: the base
 * (libseccomp, built once per process; foreign arches and x32 are killed) holds everything
 * a warm template and its spares do not need themselves, so a template loads it once for all
 * its runs; the per-run program (built here, it holds the run's pid; loaded once the spare's
 * namespaces and view are built) denies process creation, exec, unshare, pivot_root and
 * umount2, lets signals reach only the run itself, and denies truncate(path) where Landlock
 * is older than ABI 3; the hand-off program denies mount and mount_setattr once the run's
 * paths are bound into the view (without a view the per-run program denies them). It does
 * not restrict files (Landlock) nor count anything. */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/sockios.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "layers.h"

/* Denied with EPERM in every filter: no process, no exec, by any route. */
static const char *const process_calls[] = {"execve", "execveat", "fork", "vfork"};

/* Denied by the per-run program only: a warm spare builds its namespaces and view with them
 * after the template's base filter is in force (pw_mounts_apply, pw_ns_apply). */
static const uint32_t view_calls[] = {__NR_umount2, __NR_pivot_root, __NR_unshare};
/* The calls that finish the view at hand-off (pw_mounts_attach): denied by the per-run
 * program when there is no view, else by the hand-off program loaded after it. */
static const uint32_t attach_calls[] = {__NR_mount, __NR_mount_setattr};
static const uint32_t process_nrs[] = {
#ifdef __NR_fork /* not on aarch64 */
    __NR_fork, __NR_vfork,
#endif
    __NR_execve, __NR_execveat};

/* Denied with EPERM by the base filter: debugging/injection into other processes, the rest
 * of the mount and namespace families, kernel-extension and attack-surface calls. */
static const char *const denied_calls[] = {
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "process_madvise",
    "pidfd_getfd",
    "kcmp",
    "umount", /* not on x86_64 or aarch64: skipped there */
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "setns",
    "bpf",
    "perf_event_open",
    "keyctl",
    "add_key",
    "request_key",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "userfaultfd",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "personality",
    "open_by_handle_at",
    "name_to_handle_at",
    "acct",
    "swapon",
    "swapoff",
    "reboot",
    "syslog",
    "quotactl",
    "quotactl_fd",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "iopl",
    "ioperm",
    "vhangup",
    "lookup_dcookie",
    "fanotify_init",
    "uselib",
    "nfsservctl",
    "_sysctl",
    /* Signals by a pid the per-run filter cannot check: a thread id of anyone (glibc's
     * raise and pthread_kill use tgkill), or a pidfd (also a /proc/<pid> directory fd). */
    "tkill",
    "pidfd_send_signal",
};

typedef struct {
    struct sock_fprog prog;
    bool built;
} prepared;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static prepared filters[PW_FILTER_COUNT]; /* built once per process, read-only after */

static int deny_names(scmp_filter_ctx ctx, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int nr = seccomp_syscall_resolve_name(names[i]);
        if (nr == __NR_SCMP_ERROR) continue; /* not a call on this arch */
        int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
        if (rc < 0) return rc;
    }
    return 0;
}

/* The process rules: exec and fork denied, clone only with CLONE_THREAD (threads), clone3
 * answered ENOSYS so glibc falls back to clone, whose flags a filter can see. */
static int add_process_rules(scmp_filter_ctx ctx)
{
    int rc = deny_names(ctx, process_calls, sizeof process_calls / sizeof *process_calls);
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
    if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    return rc;
}

/* An fd's owner gets SIGIO/SIGURG (or any F_SETSIG signal) from the kernel: setting it to
 * another process is a signal to it, which Landlock scopes only from ABI 6. */
static int add_sigio_rules(scmp_filter_ctx ctx)
{
    const unsigned long fcntls[] = {F_SETOWN, F_SETOWN_EX}, ioctls[] = {FIOSETOWN, SIOCSPGRP};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < 2; i++) {
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(fcntl), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, fcntls[i]));
        if (rc == 0)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                                  SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, ioctls[i]));
    }
    return rc;
}

static int add_base_rules(scmp_filter_ctx ctx, bool network)
{
    int rc = deny_names(ctx, denied_calls, sizeof denied_calls / sizeof *denied_calls);
    /* Faking terminal input into the host's tty. */
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCLINUX));
    if (rc == 0) rc = add_sigio_rules(ctx);
    if (rc == 0 && !network) {
        /* No socket at all; a stream socketpair(AF_UNIX) stays for asyncio's self-pipe. It
         * is born connected, so it reaches no one else. A datagram pair could connect or
         * sendto any abstract or path socket; bind could squat a host's abstract name. */
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 0);
        if (rc == 0)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socketpair), 1,
                                  SCMP_A0(SCMP_CMP_NE, AF_UNIX));
        if (rc == 0)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socketpair), 1,
                                  SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_DGRAM));
        if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(bind), 0);
        if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(connect), 0);
    }
    return rc;
}

/* Exports the filter's BPF into out (through a memfd: libseccomp 2.5 exports to an fd). */
static bool export_bpf(scmp_filter_ctx ctx, struct sock_fprog *out, pw_buf *why)
{
    int fd = memfd_create("pw-seccomp", MFD_CLOEXEC);
    if (fd < 0) {
        pw_buf_appendf(why, "seccomp: memfd_create: %s", strerror(errno));
        return false;
    }
    int rc = seccomp_export_bpf(ctx, fd);
    off_t size = rc == 0 ? lseek(fd, 0, SEEK_END) : -1;
    void *buf = size > 0 ? malloc((size_t)size) : NULL;
    bool ok = buf && pread(fd, buf, (size_t)size, 0) == size &&
              size % (off_t)sizeof(struct sock_filter) == 0;
    close(fd);
    if (!ok) {
        free(buf);
        pw_buf_appendf(why, "seccomp: seccomp_export_bpf: %s", strerror(rc < 0 ? -rc : EIO));
        return false;
    }
    out->filter = buf;
    out->len = (unsigned short)((size_t)size / sizeof(struct sock_filter));
    return true;
}

static bool build(pw_filter f, struct sock_fprog *out, pw_buf *why)
{
    /* Deny-list: ALLOW by default, see docs-layers.md for why not an allow-list. A syscall
     * of another arch (x86 32-bit, x32 on x86_64) kills the process. */
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) {
        pw_buf_appendf(why, "seccomp: seccomp_init failed");
        return false;
    }
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0); /* we set it ourselves */
    if (rc == 0)
        rc = f == PW_FILTER_NOPROC ? add_process_rules(ctx)
                                   : add_base_rules(ctx, f == PW_FILTER_BASE_NET);
    bool ok = rc == 0 && export_bpf(ctx, out, why);
    if (rc != 0) pw_buf_appendf(why, "seccomp: seccomp_rule_add: %s", strerror(-rc));
    seccomp_release(ctx);
    return ok;
}

/* The prepared program for f, building it on first use; NULL with why set on failure. */
static const struct sock_fprog *get_filter(pw_filter f, pw_buf *why)
{
    pthread_mutex_lock(&lock);
    if (!filters[f].built) filters[f].built = build(f, &filters[f].prog, why);
    const struct sock_fprog *prog = filters[f].built ? &filters[f].prog : NULL;
    pthread_mutex_unlock(&lock);
    return prog;
}

void pw_seccomp_prepare(const pw_policy *p)
{
    /* Only what p's layers load: each program costs ~0.2 ms, paid by every cold run. */
    bool need[PW_FILTER_COUNT] = {
        [PW_FILTER_NOPROC] = p->layers[PW_LAYER_NOPROC] != PW_NEED_OFF,
        [PW_FILTER_BASE] = p->layers[PW_LAYER_SECCOMP] != PW_NEED_OFF && !p->allow_network,
        [PW_FILTER_BASE_NET] = p->layers[PW_LAYER_SECCOMP] != PW_NEED_OFF && p->allow_network,
    };
    for (int f = 0; f < PW_FILTER_COUNT; f++) {
        pw_buf why = {0};
        if (need[f]) get_filter((pw_filter)f, &why);
        pw_buf_free(&why);
    }
}

bool pw_seccomp_available(void)
{
    unsigned int action = SECCOMP_RET_ERRNO;
    return syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
}

/* Puts prog on this process; what names it in why ("noproc", "seccomp: per-run filter"). */
static pw_layer_status install(const struct sock_fprog *prog, const char *what, pw_buf *why)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        pw_buf_appendf(why, "%s: prctl(PR_SET_NO_NEW_PRIVS): %s", what, strerror(errno));
        return PW_FAILED;
    }
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) != 0) {
        pw_buf_appendf(why, "%s: seccomp(SECCOMP_SET_MODE_FILTER): %s", what, strerror(errno));
        return PW_FAILED;
    }
    return PW_APPLIED;
}

pw_layer_status pw_seccomp_load(pw_filter f, const char *layer, pw_buf *why)
{
    if (!pw_seccomp_available()) {
        pw_buf_appendf(why, "%s: seccomp(SECCOMP_GET_ACTION_AVAIL): %s", layer, strerror(errno));
        return PW_UNAVAILABLE;
    }
    const struct sock_fprog *prog = get_filter(f, why);
    return prog ? install(prog, layer, why) : PW_FAILED;
}

#if defined(__x86_64__)
#define PW_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define PW_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "pywarden's per-run seccomp filter knows x86_64 and aarch64 only"
#endif
/* The low 32 bits of the first argument: the kernel reads a pid and clone's flags as such. */
#define ARG0_LOW                                                                                   \
    (offsetof(struct seccomp_data, args[0]) + (__BYTE_ORDER == __LITTLE_ENDIAN ? 0 : 4))

typedef struct {
    struct sock_filter code[64];
    unsigned short n;
} program;

static void emit(program *p, struct sock_filter ins)
{
    p->code[p->n++] = ins;
}

/* "if nr == the accumulator: return ret", nr loaded. */
static void deny_nr(program *p, uint32_t nr, uint32_t ret)
{
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1));
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ret));
}

/* The per-run program. kill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo reach only this
 * process (kill also 0 and -pid, its own process group: the run leads it): without Landlock
 * ABI 6 (Linux < 6.12) this is what keeps a run from signalling its supervisor, its template
 * or any process of the host's uid. With deny_truncate, no truncate(path). Also the rules the
 * base leaves to it: no exec, fork, vfork or clone without CLONE_THREAD, clone3 answered
 * ENOSYS so glibc falls back to clone, whose flags a filter can see, and none of the calls
 * that build a view. Other arches pass: the base kills them. */
static void build_run_program(program *p, bool deny_truncate, bool deny_attach)
{
    const uint32_t self = (uint32_t)getpid(), eperm = SECCOMP_RET_ERRNO | EPERM;
    emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                         offsetof(struct seccomp_data, arch)));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PW_AUDIT_ARCH, 1, 0));
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    emit(p,
         (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    for (size_t i = 0; i < sizeof process_nrs / sizeof *process_nrs; i++)
        deny_nr(p, process_nrs[i], eperm);
    for (size_t i = 0; i < sizeof view_calls / sizeof *view_calls; i++)
        deny_nr(p, view_calls[i], eperm);
    for (size_t i = 0; deny_attach && i < sizeof attach_calls / sizeof *attach_calls; i++)
        deny_nr(p, attach_calls[i], eperm);
    deny_nr(p, __NR_clone3, SECCOMP_RET_ERRNO | ENOSYS);
    if (deny_truncate) deny_nr(p, __NR_truncate, eperm);
    /* The four signal calls jump to the pid check; anything else skips its 6 instructions. */
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_kill, 3, 0));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_tgkill, 2, 0));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_rt_sigqueueinfo, 1, 0));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_rt_tgsigqueueinfo, 0, 6));
    emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG0_LOW));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, self, 3, 0));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)-self, 1, 0));
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, eperm));
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    /* clone: a thread passes, a process does not */
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4));
    emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG0_LOW));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 1, 0));
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, eperm));
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

/* The hand-off program: mount and mount_setattr, once the view is finished. No arch check:
 * the base kills every other arch, and a kill wins over any errno. Short on purpose: loading
 * a program costs some 4 us per instruction here (JIT), and this one is on the path from a
 * request to its first line of user code. */
static void build_attach_program(program *p)
{
    emit(p,
         (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    for (size_t i = 0; i < sizeof attach_calls / sizeof *attach_calls; i++)
        deny_nr(p, attach_calls[i], SECCOMP_RET_ERRNO | EPERM);
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

static pw_layer_status load_program(const program *p, const char *what, pw_buf *why)
{
    struct sock_fprog prog = {.len = p->n, .filter = (struct sock_filter *)p->code};
    return install(&prog, what, why);
}

pw_layer_status pw_seccomp_load_run_filter(bool deny_truncate, bool deny_attach, pw_buf *why)
{
    program p = {.n = 0};
    build_run_program(&p, deny_truncate, deny_attach);
    return load_program(&p, "seccomp: per-run filter", why);
}

/* Set once the base filter is on this process: in a warm run, by its template. */
static bool base_in_force;
/* Set by pw_seccomp_prepare_run: the per-run program is on, with mount and mount_setattr
 * left to the hand-off program when there is a view (pw_mounts_in_force). */
static bool run_in_force;

pw_layer_status pw_seccomp_load_base(const pw_policy *p, pw_buf *why)
{
    if (base_in_force) return PW_APPLIED;
    pw_layer_status st =
        pw_seccomp_load(p->allow_network ? PW_FILTER_BASE_NET : PW_FILTER_BASE, "seccomp", why);
    base_in_force = st == PW_APPLIED;
    return st;
}

static bool truncate_denied(const pw_policy *p)
{
    return p->layers[PW_LAYER_LANDLOCK] != PW_NEED_OFF && pw_landlock_abi() < 3;
}

void pw_seccomp_prepare_run(const pw_policy *p)
{
    pw_buf why = {0};
    run_in_force =
        pw_seccomp_load_base(p, &why) == PW_APPLIED &&
        pw_seccomp_load_run_filter(truncate_denied(p), !pw_mounts_in_force(), &why) == PW_APPLIED;
    pw_buf_free(&why); /* pw_seccomp_apply tries again and says why */
}

pw_layer_status pw_seccomp_apply(const pw_policy *p, pw_buf *why)
{
    if (run_in_force && !pw_mounts_in_force()) return PW_APPLIED;
    if (run_in_force) {
        program attach = {.n = 0};
        build_attach_program(&attach);
        return load_program(&attach, "seccomp: hand-off filter", why);
    }
    pw_layer_status st = pw_seccomp_load_base(p, why);
    return st == PW_APPLIED ? pw_seccomp_load_run_filter(truncate_denied(p), true, why) : st;
}
