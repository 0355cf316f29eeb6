/* Build tool: the base and noproc deny-lists of the seccomp layer, compiled into BPF by
 * libseccomp when pywarden is built, not at every run: building them cost a cold run ~0.5 ms
 * (libseccomp's API probing, name lookups, code generation), and the programs depend on nothing
 * but the arch. seccomp.c loads the result (seccomp_programs.c in the build directory). Runs on
 * the build machine for its own arch: no cross-compiling.
 *
 *   pw_seccomp_gen OUT.c
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "layers.h"

/* Denied with EPERM by the noproc filter (the per-run program holds them too): no process,
 * no exec, by any route; and no new real uid: a root run keeps effective uid 0, from which
 * setresuid could take its real uid back to 0, whose tasks RLIMIT_NPROC never counts. */
static const char *const process_calls[] = {"execve", "execveat", "fork",     "vfork",
                                            "setuid", "setreuid", "setresuid"};

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
    /* Memory no limit counts: a memfd's pages (or a SysV segment's, message queue's or
     * semaphore set's, which outlive their mapping, or a secret memfd's, mapped only while
     * used) are neither RLIMIT_AS nor the private /tmp's size, so a run could hold gigabytes
     * of the host's memory. The inputs a warm spare gets in a memfd were made by serve. */
    "memfd_create",
    "memfd_secret",
    /* References to pages not the pipe's own, in a pipe: one to a byte keeps the whole
     * allocation, counted as one slot of the uid's pipe quota. vmsplice: the run's pages after
     * it unmaps them, 2 MiB of a transparent huge page (vmsplice_huge_pages); splice and
     * sendfile from a unix socket: its 32-64 KiB skb pages, 1.1 GB under memory_mb 256
     * (splice_socket_pages). shutil and socket fall back to read and write. */
    "vmsplice",
    "splice",
    "sendfile",
    "shmget",
    "msgget",
    "semget",
    /* Asynchronous I/O contexts come from one quota of the whole host (fs.aio-max-nr): a
     * run could make every io_setup on the host fail while it lives. */
    "io_setup",
    "io_destroy",
    "io_submit",
    "io_cancel",
    "io_getevents",
    "io_pgetevents",
    "modify_ldt", /* no use to Python, a history of kernel bugs (Docker's profile denies it) */
    /* inotify instances and watches count against the host uid's (up the user namespaces):
     * a run could take them all from the host's own file watchers for its lifetime. */
    "inotify_init",
    "inotify_init1",
    /* Writeback of every filesystem (sync) or a whole one (syncfs: the host's root, under the
     * runtime roots), with a cache flush of its devices, as often as a run likes: thousands a
     * second, I/O every tenant and the host wait behind (fsync: add_device_io_rules). */
    "sync",
    "syncfs",
    "uselib",
    "nfsservctl",
    "_sysctl",
    /* Signals by a pid the per-run filter cannot check: a thread id of anyone (glibc's
     * raise and pthread_kill use tgkill), or a pidfd (also a /proc/<pid> directory fd). */
    "tkill",
    "pidfd_send_signal",
};

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

/* What changes a file's mode, owner, times or xattrs: Landlock has no right for these. */
static const char *const metadata_calls[] = {
    "chmod",      "fchmod",      "fchmodat",     "fchmodat2",    "chown",
    "fchown",     "lchown",      "fchownat",     "utime",        "utimes",
    "futimesat",  "utimensat",   "setxattr",     "lsetxattr",    "fsetxattr",
    "setxattrat", "removexattr", "lremovexattr", "fremovexattr", "removexattrat",
};

/* The process rules: exec and fork denied, clone only with CLONE_THREAD and CLONE_FILES
 * (threads, sharing the fd table), clone3 answered ENOSYS so glibc falls back to clone, whose
 * flags a filter can see. */
static int add_process_rules(scmp_filter_ctx ctx)
{
    int rc = deny_names(ctx, process_calls, sizeof process_calls / sizeof *process_calls);
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
    /* A thread with an fd table of its own: RLIMIT_NOFILE bounds each table, not the run. */
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_FILES, 0));
    if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    return rc;
}

/* An fd's owner gets SIGIO/SIGURG (or any F_SETSIG signal) from the kernel: setting it to
 * another process is a signal to it, which Landlock scopes only from ABI 6. A lease (which
 * signals its holder) makes a host process that opens the file for writing wait until the
 * run lets go or the lease breaks (45 s): no F_SETLEASE either. Nor F_NOTIFY (dnotify): it
 * signals the run whenever anyone reads, writes or creates a file in a directory it may read,
 * which told it, as it happened, what the host and concurrent runs did in the stdlib's
 * packages and a shared work directory (dnotify_others). */
static int add_sigio_rules(scmp_filter_ctx ctx)
{
    const unsigned long fcntls[] = {F_SETOWN, F_SETOWN_EX, F_SETLEASE, F_NOTIFY},
                        ioctls[] = {FIOSETOWN, SIOCSPGRP};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof fcntls / sizeof *fcntls; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(fcntl), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, fcntls[i]));
    for (size_t i = 0; rc == 0 && i < sizeof ioctls / sizeof *ioctls; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, ioctls[i]));
    return rc;
}

/* Nice, CPU affinity, scheduling, memory placement, resource limits and I/O priority of
 * another process: the kernel allows them on any process of the same user (other runs, a
 * non-root host's own processes) and no other layer scopes them. A run keeps them on itself,
 * named as pid 0 (setpriority and ioprio_set: PRIO_PROCESS / IOPRIO_WHO_PROCESS 0). */
static int add_self_only_rules(scmp_filter_ctx ctx)
{
    static const char *const by_pid[] = {
        "sched_setaffinity", "sched_setparam", "sched_setscheduler", "sched_setattr",
        "prlimit64",         "migrate_pages",  "move_pages"};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof by_pid / sizeof *by_pid; i++) {
        int nr = seccomp_syscall_resolve_name(by_pid[i]);
        if (nr != __NR_SCMP_ERROR)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1, SCMP_A0(SCMP_CMP_NE, 0));
    }
    const struct {
        int nr;
        scmp_datum_t which;
    } by_who[] = {{SCMP_SYS(setpriority), PRIO_PROCESS}, {SCMP_SYS(ioprio_set), 1}};
    for (size_t i = 0; rc == 0 && i < sizeof by_who / sizeof *by_who; i++) {
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), by_who[i].nr, 1,
                              SCMP_A0(SCMP_CMP_NE, by_who[i].which));
        if (rc == 0)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), by_who[i].nr, 1,
                                  SCMP_A1(SCMP_CMP_NE, 0));
    }
    return rc;
}

/* Set-uid, set-gid and group/other-write bits, xattrs, special files and openat2 (whose mode
 * a filter cannot read): what a run leaves in write_paths outlives it on the host's
 * filesystem, where a set-uid executable of a root host's run is a way to root for any local
 * user, and a FIFO named like a result hangs the host's reader. The mode is argument mode_arg
 * of each call. */
#define PW_NR_FCHMODAT2 452 /* Linux 6.6, the same on every arch; not in Debian 12's headers */
static int add_special_file_rules(scmp_filter_ctx ctx)
{
    /* Which bits each call may not set. WRITE: group and other write, on what a run already
     * has (chmod 0777 of the host's own out/ let any local user plant files and links there
     * for the host after the run); a umask refuses what a mode grants, so one without those
     * bits is refused (umask 0 then mkdir made 0777 directories). Read and search bits stay:
     * shutil.copymode of a 0644 input. */
    enum { SETID = 1, WRITE = 2, UMASK = 4 };
    const struct {
        int nr;
        unsigned mode_arg, refused;
    } calls[] = {{SCMP_SYS(chmod), 1, SETID | WRITE},
                 {SCMP_SYS(fchmod), 1, SETID | WRITE},
                 {SCMP_SYS(fchmodat), 2, SETID | WRITE},
                 {PW_NR_FCHMODAT2, 2, SETID | WRITE},
                 {SCMP_SYS(open), 2, SETID},
                 {SCMP_SYS(openat), 3, SETID},
                 {SCMP_SYS(creat), 1, SETID}, /* not mkdir: the kernel drops set-id bits */
                 {SCMP_SYS(umask), 0, UMASK}};
    const struct {
        scmp_datum_t bit;
        unsigned rule;
    } bits[] = {{S_ISUID, SETID}, {S_ISGID, SETID}, {S_IWGRP, WRITE},
                {S_IWOTH, WRITE}, {S_IWGRP, UMASK}, {S_IWOTH, UMASK}};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof calls / sizeof *calls; i++) {
        if (calls[i].nr < 0) continue; /* not on this arch (open, chmod on aarch64) */
        for (size_t b = 0; rc == 0 && b < sizeof bits / sizeof *bits; b++) {
            if (!(calls[i].refused & bits[b].rule)) continue;
            scmp_datum_t set = bits[b].rule == UMASK ? 0 : bits[b].bit; /* the umask lacks it */
            struct scmp_arg_cmp cmp = {calls[i].mode_arg, SCMP_CMP_MASKED_EQ, bits[b].bit, set};
            rc = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(EPERM), calls[i].nr, 1, &cmp);
        }
    }
    /* An xattr set in write_paths can be a default ACL (system.posix_acl_default: every file
     * the host makes there later world-readable and -writable, whatever its umask), and a
     * filter cannot read its name: none is set or removed (shutil.copy2 takes EPERM as "not
     * supported"). */
    static const char *const special[] = {
        "mknod",      "mknodat",     "setxattr",     "lsetxattr",    "fsetxattr",
        "setxattrat", "removexattr", "lremovexattr", "fremovexattr", "removexattrat"};
    if (rc == 0) rc = deny_names(ctx, special, sizeof special / sizeof *special);
    if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0);
    /* A whiteout is a 0:0 character device made without mknod (Landlock asks no MAKE_CHAR):
     * root-owned, mode 000, no later run can replace it (setuid_in_write_paths). */
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(renameat2), 1,
                              SCMP_A4(SCMP_CMP_MASKED_EQ, RENAME_WHITEOUT, RENAME_WHITEOUT));
    return rc;
}

/* fallocate modes that pass max_file_mb: RLIMIT_FSIZE is checked where a call sets a file's
 * size, and FALLOC_FL_KEEP_SIZE allocates blocks past the end without (one empty-looking file
 * held 300 MB under max_file_mb 8), FALLOC_FL_INSERT_RANGE grows the size without asking
 * (fallocate_keep_size). Mode 0 (posix_fallocate: sqlite, os.posix_fallocate) and punching a
 * hole (KEEP_SIZE | PUNCH_HOLE, which frees blocks) stay: any mode but 0 and 3 is refused. */
static int add_fallocate_rules(scmp_filter_ctx ctx)
{
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(fallocate), 1,
                              SCMP_A1(SCMP_CMP_GT, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(fallocate), 1,
                              SCMP_A1(SCMP_CMP_EQ, FALLOC_FL_KEEP_SIZE));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(fallocate), 1,
                              SCMP_A1(SCMP_CMP_EQ, FALLOC_FL_PUNCH_HOLE));
    /* The same through ioctl: the kernel's generic FS_IOC_RESVSP, FS_IOC_RESVSP64 and
     * FS_IOC_ZERO_RANGE (XFS's names, on every filesystem) are fallocate with KEEP_SIZE, and
     * fcntl.ioctl raises no event the hook refuses (mailbox hands out fcntl): 64 MB past the end
     * of an 8 KiB file under max_file_mb 8, every layer on (fs_ioctl_bypass). _IOW('X', nr,
     * struct space_resv), 48 bytes; the struct is not in the uapi headers. */
    const unsigned long preallocate[] = {0x40305828, 0x4030582a, 0x40305839};
    for (size_t i = 0; rc == 0 && i < sizeof preallocate / sizeof *preallocate; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, preallocate[i]));
    return rc;
}

#ifndef PR_SET_MEMORY_MERGE
#define PR_SET_MEMORY_MERGE 67 /* Linux 6.4 */
#endif
#ifndef PR_FUTEX_HASH
#define PR_FUTEX_HASH 78 /* Linux 6.16 */
#endif

/* Memory that is the host's to share, not a run's to take: the huge pages a host reserved
 * (MAP_HUGETLB; memfd_create and SysV shm are denied already), KSM merging, which lets
 * colluding runs time each other's pages through the host's merges (MADV_MERGEABLE,
 * PR_SET_MEMORY_MERGE: host_memory_sharing), and kernel memory a run sizes itself. */
static int add_memory_rules(scmp_filter_ctx ctx)
{
    /* madvise's advice and prctl's option are ints, the low 32 bits of their registers to the
     * kernel but all 64 to a filter: compared whole, 1 << 32 | MADV_MERGEABLE passed the rule
     * and the kernel took it (seccomp_high_arg_bits). Masked, as every int argument here. */
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mmap), 1,
                              SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_HUGETLB, MAP_HUGETLB));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(madvise), 1,
                              SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffu, MADV_MERGEABLE));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, PR_SET_MEMORY_MERGE));
    /* A private futex hash of the size the caller asks: 2^24 slots, 1 GiB of kernel memory
     * per process that RLIMIT_AS does not count, in one call (futex_hash_memory). glibc never
     * asks; the kernel sizes one from the thread count by itself. */
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, PR_FUTEX_HASH));
    return rc;
}

/* The page cache is every process's: a run may read the stdlib, the libraries and its
 * read_paths, but dropping their pages (fadvise DONTNEED; madvise PAGEOUT of a mapping only
 * it maps, COLD to go first) evicted them for the host and every other run, with every layer
 * and the audit hook on: a slower start for all, and with cachestat or preadv2(RWF_NOWAIT) a
 * precise probe of what others read since (page_cache_evict). Nothing Python runs drops
 * them; reclaim under memory pressure still does, as for any process. */
static int add_page_cache_rules(scmp_filter_ctx ctx)
{
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(fadvise64), 1,
                              SCMP_A3(SCMP_CMP_MASKED_EQ, 0xffffffffu, POSIX_FADV_DONTNEED));
    const int advice[] = {MADV_COLD, MADV_PAGEOUT};
    for (size_t i = 0; rc == 0 && i < sizeof advice / sizeof *advice; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(madvise), 1,
                              SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffu, (unsigned)advice[i]));
    return rc;
}

/* The host's disk, on demand. fsync of a file with nothing dirty still has ext4 send its
 * device a cache flush, and needs no right to write: a loop on a stdlib file sent ~7500
 * flushes a second with every layer and the audit hook on, as sync and syncfs did
 * (device_flush_storm); so did fdatasync, msync with MS_SYNC of a shared mapping, and writes
 * to a file opened O_DSYNC (O_SYNC holds it) or with pwritev2's RWF_DSYNC or RWF_SYNC. The
 * filter cannot tell a run's own file from the host's, so fsync, fdatasync and a syncing
 * msync succeed without running (what the run wrote is in the page cache, which the host
 * reads), and O_DSYNC opens and syncing writes are refused. O_DIRECT (at open or by F_SETFL)
 * bypasses the page cache: every read of a stdlib file went to the device, ~9500 a second a
 * thread (device_direct_io). Nothing Python runs asks for either. */
static int add_device_io_rules(scmp_filter_ctx ctx)
{
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(0), SCMP_SYS(fsync), 0);
    if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(0), SCMP_SYS(fdatasync), 0);
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(0), SCMP_SYS(msync), 1,
                              SCMP_A2(SCMP_CMP_MASKED_EQ, MS_SYNC, MS_SYNC));
    const struct {
        int nr;
        unsigned flags_arg;
    } opens[] = {{SCMP_SYS(open), 1}, {SCMP_SYS(openat), 2}};
    const scmp_datum_t open_flags[] = {O_DSYNC, O_DIRECT};
    for (size_t i = 0; rc == 0 && i < sizeof opens / sizeof *opens; i++) {
        if (opens[i].nr < 0) continue; /* no open on aarch64 */
        for (size_t f = 0; rc == 0 && f < sizeof open_flags / sizeof *open_flags; f++) {
            struct scmp_arg_cmp cmp = {opens[i].flags_arg, SCMP_CMP_MASKED_EQ, open_flags[f],
                                       open_flags[f]};
            rc = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(EPERM), opens[i].nr, 1, &cmp);
        }
    }
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(fcntl), 2,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, F_SETFL),
                              SCMP_A2(SCMP_CMP_MASKED_EQ, O_DIRECT, O_DIRECT));
    /* A file's sync attribute makes every write to it a flush, as O_DSYNC does: chattr +S
     * through FS_IOC_SETFLAGS (FS_SYNC_FL, FS_DIRSYNC_FL) or FS_IOC_FSSETXATTR (FS_XFLAG_SYNC),
     * which a file's owner may set with no capability and no Landlock right, on a file the run
     * made in out/ (fs_ioctl_bypass). Both whole: the other flags are metadata Landlock has
     * no right for either (noatime, nodump, project inheritance), and nothing Python runs sets
     * them. */
    const unsigned long attributes[] = {FS_IOC_SETFLAGS, FS_IOC_FSSETXATTR};
    for (size_t i = 0; rc == 0 && i < sizeof attributes / sizeof *attributes; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, attributes[i]));
    /* pwritev2's flags ask a flush of one write: 3300 a second into out/ under data */
    const scmp_datum_t per_write[] = {RWF_DSYNC, RWF_SYNC};
    for (size_t i = 0; rc == 0 && i < sizeof per_write / sizeof *per_write; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(pwritev2), 1,
                              SCMP_A5(SCMP_CMP_MASKED_EQ, per_write[i], per_write[i]));
    return rc;
}

/* A process's CPU clock is named by its pid (a negative clockid: ~pid << 3, bit 2 clear), and
 * the kernel lets anyone read or wait on any process's (no pid namespace): the CPU time of the
 * supervisor, a template, concurrent runs, to the nanosecond (cpu_clock_others). Thread clocks
 * (bit 2) the kernel keeps to the caller's own threads; glibc's process clock is the constant
 * CLOCK_PROCESS_CPUTIME_ID, so no process clock by pid, not even the run's own. */
static int add_cpu_clock_rules(scmp_filter_ctx ctx)
{
    const int calls[] = {SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres), SCMP_SYS(clock_nanosleep),
                         SCMP_SYS(timer_create)};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof calls / sizeof *calls; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), calls[i], 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, 0x80000004u, 0x80000000u));
    return rc;
}

/* With network, TCP and UDP only. Any other protocol of AF_INET/AF_INET6 (SCTP, MPTCP, DCCP,
 * UDP-Lite, L2TP, ping) or socket type is kernel code most hosts never run, and the first
 * socket() that names one autoloads its module; so does a TCP upper-layer protocol (kTLS,
 * TCP_ULP). socket_kernel_protocols. The type's low bits (SOCK_TYPE_MASK) must be 1 or 2:
 * not 0 or 3, bits 2 and 3 clear; the protocol 0 (the type's default), 6 or 17. */
static int add_network_protocol_rules(scmp_filter_ctx ctx)
{
    const struct {
        scmp_datum_t mask, value;
    } bad_types[] = {{0xf, 0x0}, {0xf, 0x3}, {0x4, 0x4}, {0x8, 0x8}};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof bad_types / sizeof *bad_types; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, bad_types[i].mask, bad_types[i].value));
    for (scmp_datum_t proto = 1; rc == 0 && proto < IPPROTO_UDP; proto++)
        if (proto != IPPROTO_TCP)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
                                  SCMP_A2(SCMP_CMP_EQ, proto));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
                              SCMP_A2(SCMP_CMP_GT, IPPROTO_UDP));
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(setsockopt), 2,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, IPPROTO_TCP),
                              SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffu, TCP_ULP));
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
    if (rc == 0) rc = add_self_only_rules(ctx);
    if (rc == 0) rc = add_special_file_rules(ctx);
    if (rc == 0) rc = add_fallocate_rules(ctx);
    if (rc == 0) rc = add_memory_rules(ctx);
    if (rc == 0) rc = add_page_cache_rules(ctx);
    if (rc == 0) rc = add_device_io_rules(ctx);
    if (rc == 0) rc = add_cpu_clock_rules(ctx);
    /* A filter of the run's own, the old way (seccomp() is the per-run and hand-off programs'
     * to deny: they load after this one). */
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, PR_SET_SECCOMP));
    /* No run is dumpable (a piped core_pattern ignores RLIMIT_CORE; pw_child_run clears it
     * after this program is on): it may not set it again (dumpable_again). */
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 2,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, PR_SET_DUMPABLE),
                              SCMP_A1(SCMP_CMP_NE, 0));
    /* A stream or seqpacket socketpair(AF_UNIX) stays (asyncio's self-pipe, multiprocessing's
     * Pipe), with or without network. Both are born connected and ignore or refuse a
     * destination, so they reach no one else. Any other type is a datagram socket (the kernel
     * makes SOCK_RAW one) that could sendto any abstract or path socket (syslog's /dev/log,
     * systemd's notify socket). The type's low bits (SOCK_TYPE_MASK) must be 1 or 5: bit 0
     * set, bits 1 and 3 clear. */
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socketpair), 1,
                              SCMP_A0(SCMP_CMP_NE, AF_UNIX));
    const struct {
        scmp_datum_t mask, value;
    } bad_types[] = {{0x1, 0x0}, {0x2, 0x2}, {0x8, 0x8}};
    for (size_t i = 0; rc == 0 && i < sizeof bad_types / sizeof *bad_types; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socketpair), 1,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, bad_types[i].mask, bad_types[i].value));
    /* Socket filters, with or without network: each is kernel memory no limit counts and JIT
     * code from the run's constants, charged to the host-wide bpf_jit_limit (252 filters of a
     * run's socketpairs held ~20 MB: socket_filter_memory). */
    const int filter_opts[] = {SO_ATTACH_FILTER, SO_ATTACH_BPF, SO_ATTACH_REUSEPORT_CBPF,
                               SO_ATTACH_REUSEPORT_EBPF};
    for (size_t i = 0; rc == 0 && i < sizeof filter_opts / sizeof *filter_opts; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(setsockopt), 2,
                              SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, SOL_SOCKET),
                              SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffu, filter_opts[i]));
    if (rc == 0 && network) {
        /* Network is IPv4 and IPv6. An AF_UNIX socket would connect to any host socket by
         * its path, which no Landlock ABI up to 7 fences and a network namespace does not
         * separate (docker.sock, systemd's private socket: unix_socket_host_path); the other
         * families reach the kernel or the machine rather than the network (netlink, vsock
         * to a VM's host, AF_ALG). socket() takes AF_INET (2) and AF_INET6 (10) only. */
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
                              SCMP_A0(SCMP_CMP_LT, AF_INET));
        for (scmp_datum_t fam = AF_INET + 1; rc == 0 && fam < AF_INET6; fam++)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
                                  SCMP_A0(SCMP_CMP_EQ, fam));
        if (rc == 0)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
                                  SCMP_A0(SCMP_CMP_GT, AF_INET6));
        if (rc == 0) rc = add_network_protocol_rules(ctx);
    }
    if (rc == 0 && !network) {
        /* No socket at all; nor bind (a socketpair's end could squat a host's abstract name)
         * or connect. */
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 0);
        if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(bind), 0);
        if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(connect), 0);
        /* Nor the network's devices: a socketpair's ioctls SIOCGIFCONF, SIOCGIFHWADDR,
         * SIOCETHTOOL, ... (0x8910-0x89ff) and the wireless ones (0x8b00-0x8bff) answer for
         * its network namespace, which is the host's where the namespaces layer is skipped:
         * its interfaces' names, addresses and MAC addresses, with every other layer and the
         * audit hook on (fcntl from mailbox, a socketpair from asyncio: host_interfaces). A
         * socketpair's own ioctls (FIONREAD, SIOCOUTQ, SIOCATMARK) are outside both. */
        const struct {
            scmp_datum_t mask, value;
        } device_ioctls[] = {{0xfffffff0, 0x8910},
                             {0xffffffe0, 0x8920},
                             {0xffffffc0, 0x8940},
                             {0xffffff80, 0x8980},
                             {0xffffff00, 0x8b00}};
        for (size_t i = 0; rc == 0 && i < sizeof device_ioctls / sizeof *device_ioctls; i++)
            rc = seccomp_rule_add(
                ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                SCMP_A1(SCMP_CMP_MASKED_EQ, device_ioctls[i].mask, device_ioctls[i].value));
        /* What a socket may queue is kernel memory no rlimit counts: raised to wmem_max on
         * each of a socketpair's ends, 252 of them held ~2 GB under memory_mb 1024. The
         * defaults stay (documented in README, "What still gets through"). */
        const int buffer_opts[] = {SO_SNDBUF, SO_RCVBUF, SO_SNDBUFFORCE, SO_RCVBUFFORCE};
        for (size_t i = 0; rc == 0 && i < sizeof buffer_opts / sizeof *buffer_opts; i++)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(setsockopt), 2,
                                  SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, SOL_SOCKET),
                                  SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffu, buffer_opts[i]));
    }
    return rc;
}

/* libseccomp 2.5 exports to an fd: a memfd, read back whole. */
static struct sock_filter *export_bpf(scmp_filter_ctx ctx, size_t *n)
{
    int fd = memfd_create("pw-seccomp", MFD_CLOEXEC);
    off_t size = fd >= 0 && seccomp_export_bpf(ctx, fd) == 0 ? lseek(fd, 0, SEEK_END) : -1;
    struct sock_filter *code = size > 0 ? malloc((size_t)size) : NULL;
    bool ok = code && pread(fd, code, (size_t)size, 0) == size && size % (off_t)sizeof *code == 0;
    if (fd >= 0) close(fd);
    if (!ok) {
        free(code);
        return NULL;
    }
    *n = (size_t)size / sizeof *code;
    return code;
}

static struct sock_filter *build(pw_filter f, size_t *n)
{
    /* Deny-list: ALLOW by default, see docs-layers.md for why not an allow-list. A syscall
     * of another arch (x86 32-bit, x32 on x86_64) kills the process. */
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) return NULL;
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0); /* seccomp.c sets it */
    /* A binary search over call numbers, not a list: the kernel runs the program once per
     * call number as it loads (its cache of always-allowed calls), and per call it must decide. */
    if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    if (rc == 0)
        rc = f == PW_FILTER_NOPROC ? add_process_rules(ctx)
             : f == PW_FILTER_METADATA
                 ? deny_names(ctx, metadata_calls, sizeof metadata_calls / sizeof *metadata_calls)
                 : add_base_rules(ctx, f == PW_FILTER_BASE_NET);
    struct sock_filter *code = rc == 0 ? export_bpf(ctx, n) : NULL;
    seccomp_release(ctx);
    return code;
}

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

int main(int argc, char **argv)
{
    static const char *const names[PW_FILTER_COUNT] = {"noproc", "base", "base_net", "metadata"};
    if (argc != 2) {
        fprintf(stderr, "usage: pw_seccomp_gen OUT.c\n");
        return 2;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    const struct scmp_version *v = seccomp_version();
    fprintf(
        out,
        "/* Generated by pw_seccomp_gen (src/layers/seccomp_rules.c) with libseccomp %u.%u.%u. */\n"
        "#include <linux/filter.h>\n\n#include \"layers.h\"\n\n",
        v->major, v->minor, v->micro);
    size_t lens[PW_FILTER_COUNT];
    for (int f = 0; f < PW_FILTER_COUNT; f++) {
        struct sock_filter *code = build((pw_filter)f, &lens[f]);
        if (!code) {
            fprintf(stderr, "pw_seccomp_gen: building the %s program failed\n", names[f]);
            fclose(out);
            remove(argv[1]);
            return 1;
        }
        fprintf(out, "static const struct sock_filter %s[] = {\n", names[f]);
        for (size_t i = 0; i < lens[f]; i++)
            fprintf(out, "    {0x%04x, %u, %u, 0x%08x},\n", code[i].code, code[i].jt, code[i].jf,
                    code[i].k);
        fprintf(out, "};\n\n");
        free(code);
    }
    fprintf(out, "const pw_bpf_program pw_seccomp_programs[PW_FILTER_COUNT] = {\n");
    for (int f = 0; f < PW_FILTER_COUNT; f++)
        fprintf(out, "    {%s, %zu},\n", names[f], lens[f]);
    fprintf(out, "};\n");
    return fclose(out) == 0 ? 0 : 1;
}
