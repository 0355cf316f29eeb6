/* Layer "seccomp": a deny-list of the kernel interfaces untrusted Python never needs (exec,
 * new processes, ptrace, mount, namespaces, bpf, keyrings, io_uring, sockets without network,
 * TIOCSTI...) answering EPERM, so Python sees PermissionError. Three programs: the base
 * (compiled by libseccomp when pywarden is built, from seccomp_rules.c; foreign arches and
 * x32 are killed) holds everything a warm template and its spares do not need themselves, so
 * a template loads it once for all its runs; the per-run program (built here, it holds the
 * run's pid; loaded once the spare's namespaces and view are built) denies process creation,
 * exec, unshare, pivot_root, umount2 and pidfd_open, lets signals reach only the run itself (and
 * keeps it in its own process group: no setpgid), answers ENOSYS to calls newer than the
 * deny-lists, denies SysV IPC where the run has no IPC namespace, and truncate(path) where Landlock
 * is older than ABI 3; the hand-off program denies mount, mount_setattr and seccomp once the run's
 * paths are bound into the view (without a view the per-run program denies them). It does not
 * restrict files (Landlock) nor count anything. */
#include <endian.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "layers.h"

/* Denied by the per-run program only: a warm spare builds its namespaces and view with them
 * after the template's base filter is in force (pw_mounts_apply, pw_ns_apply). */
static const uint32_t view_calls[] = {__NR_umount2, __NR_pivot_root, __NR_unshare};
/* The calls that finish the view at hand-off (pw_mounts_attach), and seccomp itself, which
 * loads the hand-off program: denied by the per-run program when there is no view, else by
 * the hand-off program loaded after it. A run's own filters
 * are kernel memory no limit counts (3607 of them held ~23 MB) and code the JIT makes from
 * constants the run chose (seccomp_filter_memory). */
static const uint32_t attach_calls[] = {__NR_mount, __NR_mount_setattr, __NR_seccomp};
/* noproc's rules (seccomp_rules.c process_calls), uid changes included. */
static const uint32_t process_nrs[] = {
#ifdef __NR_fork /* not on aarch64 */
    __NR_fork,   __NR_vfork,
#endif
    __NR_execve, __NR_execveat, __NR_setuid, __NR_setreuid, __NR_setresuid};

bool pw_seccomp_available(void)
{
    unsigned int action = SECCOMP_RET_ERRNO;
    return syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
}

/* Puts the program code[0..len) on this process; what names it in why ("noproc",
 * "seccomp: per-run filter"). */
static pw_layer_status install(const struct sock_filter *code, unsigned short len, const char *what,
                               pw_buf *why)
{
    struct sock_fprog prog = {.len = len, .filter = (struct sock_filter *)code}; /* read only */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        pw_buf_appendf(why, "%s: prctl(PR_SET_NO_NEW_PRIVS): %s", what, strerror(errno));
        return PW_FAILED;
    }
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
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
    return install(pw_seccomp_programs[f].code, pw_seccomp_programs[f].len, layer, why);
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
#define ARG2_LOW                                                                                   \
    (offsetof(struct seccomp_data, args[2]) + (__BYTE_ORDER == __LITTLE_ENDIAN ? 0 : 4))

typedef struct {
    struct sock_filter code[PW_SECCOMP_RUN_MAX];
    unsigned short n;
} program;

/* Calls the kernel numbers from here on, the same on every arch (statmount, listmount,
 * lsm_*, mseal, *xattrat, open_tree_attr, file_getattr, ...), are newer than this deny-list:
 * ENOSYS, as a kernel without them answers, so libc falls back. listmount would show the
 * host's mount table under the view, open_tree_attr clone a mount. */
#define PW_FIRST_UNKNOWN_NR 457u

/* SysV IPC and POSIX message queues: outside an IPC namespace of the run's own (namespaces
 * skipped) their objects are the host's and outlive the run. */
static const uint32_t sysv_nrs[] = {
    __NR_shmget,          __NR_shmat,     __NR_shmctl,       __NR_shmdt,     __NR_semget,
    __NR_semop,           __NR_semctl,    __NR_semtimedop,   __NR_msgget,    __NR_msgsnd,
    __NR_msgrcv,          __NR_msgctl,    __NR_mq_open,      __NR_mq_unlink, __NR_mq_timedsend,
    __NR_mq_timedreceive, __NR_mq_notify, __NR_mq_getsetattr};

static void emit(program *p, struct sock_filter ins)
{
    if (p->n == sizeof p->code / sizeof *p->code) abort(); /* a rule added past the array */
    p->code[p->n++] = ins;
}

/* "if nr == the accumulator: return ret", nr loaded. */
static void deny_nr(program *p, uint32_t nr, uint32_t ret)
{
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1));
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ret));
}

/* Where the per-run program sends a call number it singles out: the blocks at its end. */
typedef enum { TO_ALLOW, TO_EPERM, TO_ENOSYS, TO_SIGNAL, TO_CLONE, TO_LANDLOCK, TO_COUNT } target;

typedef struct {
    uint32_t nr;
    target to;
} rule;

/* A jump to a block, patched once the blocks are placed: instruction, branch, block. */
typedef struct {
    unsigned short at;
    bool jt;
    target to;
} fixup;

typedef struct {
    rule r[64];
    size_t n;
    fixup fix[128];
    size_t nfix;
} rules;

static void add(rules *rs, const uint32_t *nrs, size_t n, target to)
{
    for (size_t i = 0; i < n; i++) {
        if (rs->n == sizeof rs->r / sizeof *rs->r) abort();
        rs->r[rs->n++] = (rule){nrs[i], to};
    }
}

static int by_nr(const void *a, const void *b)
{
    uint32_t x = ((const rule *)a)->nr, y = ((const rule *)b)->nr;
    return (x > y) - (x < y);
}

/* A conditional jump on the accumulator whose branches go to blocks. */
static void jump_to(program *p, rules *rs, uint16_t op, uint32_t k, target jt, target jf)
{
    if (rs->nfix + 2 > sizeof rs->fix / sizeof *rs->fix) abort();
    rs->fix[rs->nfix++] = (fixup){p->n, true, jt};
    rs->fix[rs->nfix++] = (fixup){p->n, false, jf};
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | op | BPF_K, k, 0, 0));
}

/* A binary search over rules [lo, hi) (sorted, not empty) on the call number: each number
 * passes ~log2(rules) tests instead of every one. The kernel runs a new program on every call
 * number when it is loaded (its cache of the calls it always allows): the linear list of ~25
 * tests this replaced (~42 instructions a number) took ~15 us more of each spare's set-up. */
static void emit_search(program *p, rules *rs, size_t lo, size_t hi)
{
    if (hi - lo == 1) {
        jump_to(p, rs, BPF_JEQ, rs->r[lo].nr, rs->r[lo].to, TO_ALLOW);
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    unsigned short at = p->n;
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, rs->r[mid].nr, 0, 0));
    emit_search(p, rs, lo, mid);
    if (p->n - at - 1 > 255) abort(); /* a jump's reach */
    p->code[at].jt = (uint8_t)(p->n - at - 1);
    emit_search(p, rs, mid, hi);
}

/* The per-run program. kill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo reach only this
 * process (kill also 0 and -pid, its own process group: the run leads it): without Landlock
 * ABI 6 (Linux < 6.12) this is what keeps a run from signalling its supervisor, its template
 * or any process of the host's uid. With deny_truncate, no truncate(path). Also the rules the
 * base leaves to it: no exec, fork, vfork or clone without CLONE_THREAD, clone3 answered
 * ENOSYS so glibc falls back to clone, whose flags a filter can see, and none of the calls
 * that build a view. Other arches pass: the base kills them. */
static void build_run_program(program *p, bool deny_truncate, bool deny_attach, bool deny_sendmsg)
{
    const uint32_t self = (uint32_t)getpid(), eperm = SECCOMP_RET_ERRNO | EPERM;
    rules rs = {.n = 0};
    add(&rs, process_nrs, sizeof process_nrs / sizeof *process_nrs, TO_EPERM);
    add(&rs, view_calls, sizeof view_calls / sizeof *view_calls, TO_EPERM);
    if (deny_attach) add(&rs, attach_calls, sizeof attach_calls / sizeof *attach_calls, TO_EPERM);
    add(&rs, (const uint32_t[]){__NR_clone3}, 1, TO_ENOSYS);
    if (deny_truncate) add(&rs, (const uint32_t[]){__NR_truncate}, 1, TO_EPERM);
    /* Without network the run's sockets are its own socketpairs, where sendmsg is only good
     * for passing fds (SCM_RIGHTS; send and write carry data): fds in flight count against
     * a total of the real uid (unix_inflight), which every run of a root host shares, and a
     * non-root host's runs share with the host, whose launcher and templates pass fds too.
     * One run holding ~2 x max_open_files in flight failed every other run's fd passing,
     * and a non-root host's template starts. In the per-run program: templates send fds. */
    if (deny_sendmsg) add(&rs, (const uint32_t[]){__NR_sendmsg, __NR_sendmmsg}, 2, TO_EPERM);
    /* A pidfd of any process (no pid namespace) answers PIDFD_GET_INFO with its uids, parent
     * and cgroup, no permission asked: the host's process tree (pidfd_info_others). Templates
     * and the supervisor use pidfds: per-run program only. The run leads its process group,
     * so kill(0) and kill(-pid) reach it alone: it may not join another (the host's, serve's)
     * group of its session (setpgid). */
    add(&rs, (const uint32_t[]){__NR_pidfd_open, __NR_setpgid}, 2, TO_EPERM);
    if (!pw_ns_entered()) add(&rs, sysv_nrs, sizeof sysv_nrs / sizeof *sysv_nrs, TO_EPERM);
    add(&rs, (const uint32_t[]){__NR_landlock_create_ruleset}, 1, TO_LANDLOCK);
    add(&rs,
        (const uint32_t[]){__NR_kill, __NR_tgkill, __NR_rt_sigqueueinfo, __NR_rt_tgsigqueueinfo}, 4,
        TO_SIGNAL);
    add(&rs, (const uint32_t[]){__NR_clone}, 1, TO_CLONE);
    qsort(rs.r, rs.n, sizeof *rs.r, by_nr);

    emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                         offsetof(struct seccomp_data, arch)));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PW_AUDIT_ARCH, 1, 0));
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    emit(p,
         (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    jump_to(p, &rs, BPF_JGE, PW_FIRST_UNKNOWN_NR, TO_ENOSYS, TO_COUNT);
    emit_search(p, &rs, 0, rs.n);

    /* The blocks, each jumping forward only: those that look at an argument, then the answers. */
    unsigned short block[TO_COUNT]; /* TO_COUNT as a target: the next instruction */
    /* The signal calls: to this process, its own group or all it may signal (kill(0) and
     * kill(-pid): it leads its group). */
    block[TO_SIGNAL] = p->n;
    emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG0_LOW));
    jump_to(p, &rs, BPF_JEQ, self, TO_ALLOW, TO_COUNT);
    jump_to(p, &rs, BPF_JEQ, 0, TO_ALLOW, TO_COUNT);
    jump_to(p, &rs, BPF_JEQ, (uint32_t)-self, TO_ALLOW, TO_EPERM);
    /* clone: a thread passes, a process does not; nor does a thread with an fd table of its
     * own (no CLONE_FILES): RLIMIT_NOFILE bounds each table, so such threads multiplied
     * max_open_files and what fds hold (thread_own_fd_table). glibc's threads share it. */
    block[TO_CLONE] = p->n;
    emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG0_LOW));
    emit(p, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, CLONE_THREAD | CLONE_FILES));
    jump_to(p, &rs, BPF_JEQ, CLONE_THREAD | CLONE_FILES, TO_ALLOW, TO_EPERM);
    /* No Landlock ruleset made by the run (flags 0; the version and errata queries pass): each
     * holds kernel memory no limit counts, 65 536 TCP-port rules (~4.5 MB) per ruleset fd, 40
     * of them ~180 MB (landlock_ruleset_memory). The run's own ruleset is made before this
     * program is loaded, and closed before user code. */
    block[TO_LANDLOCK] = p->n;
    emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG2_LOW));
    jump_to(p, &rs, BPF_JEQ, 0, TO_EPERM, TO_ALLOW);
    block[TO_ALLOW] = p->n;
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    block[TO_EPERM] = p->n;
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, eperm));
    block[TO_ENOSYS] = p->n;
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS));

    for (size_t i = 0; i < rs.nfix; i++) {
        unsigned short at = rs.fix[i].at;
        unsigned to = rs.fix[i].to == TO_COUNT ? at + 1u : block[rs.fix[i].to];
        if (to <= at || to - at - 1 > 255) abort(); /* forward only, within a jump's reach */
        if (rs.fix[i].jt)
            p->code[at].jt = (uint8_t)(to - at - 1);
        else
            p->code[at].jf = (uint8_t)(to - at - 1);
    }
}

/* The hand-off program: mount, mount_setattr and seccomp, once the view is finished.
 * No arch check: the base kills every other arch, and a kill wins over any errno. Short on
 * purpose: loading a program costs some 4 us per instruction here (JIT), and this one is on
 * the path from a request to its first line of user code. */
static void build_attach_program(program *p)
{
    emit(p,
         (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    for (size_t i = 0; i < sizeof attach_calls / sizeof *attach_calls; i++)
        deny_nr(p, attach_calls[i], SECCOMP_RET_ERRNO | EPERM);
    emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

unsigned short pw_seccomp_run_program(struct sock_filter *code, bool deny_truncate,
                                      bool deny_attach, bool deny_sendmsg)
{
    program p = {.n = 0};
    build_run_program(&p, deny_truncate, deny_attach, deny_sendmsg);
    memcpy(code, p.code, sizeof *code * p.n);
    return p.n;
}

pw_layer_status pw_seccomp_load_run_filter(bool deny_truncate, bool deny_attach, bool deny_sendmsg,
                                           pw_buf *why)
{
    program p = {.n = 0};
    build_run_program(&p, deny_truncate, deny_attach, deny_sendmsg);
    return install(p.code, p.n, "seccomp: per-run filter", why);
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

bool pw_seccomp_run_program_in_force(void)
{
    return run_in_force;
}

void pw_seccomp_prepare_run(const pw_policy *p)
{
    pw_buf why = {0};
    run_in_force = pw_seccomp_load_base(p, &why) == PW_APPLIED &&
                   pw_seccomp_load_run_filter(truncate_denied(p), !pw_mounts_in_force(),
                                              !p->allow_network, &why) == PW_APPLIED;
    pw_buf_free(&why); /* pw_seccomp_apply tries again and says why */
}

pw_layer_status pw_seccomp_apply(const pw_policy *p, pw_buf *why)
{
    if (run_in_force && !pw_mounts_in_force()) return PW_APPLIED;
    if (run_in_force) {
        program attach = {.n = 0};
        build_attach_program(&attach);
        return install(attach.code, attach.n, "seccomp: hand-off filter", why);
    }
    pw_layer_status st = pw_seccomp_load_base(p, why);
    return st == PW_APPLIED
               ? pw_seccomp_load_run_filter(truncate_denied(p), true, !p->allow_network, why)
               : st;
}
