/* Layer "rlimit": kernel resource limits from the policy (address space, CPU seconds, file
 * size, open files, no core dumps, no raised priority, a few queued signals). Stops
 * memory/CPU/disk/fd exhaustion of the host; does not bound threads (noproc.c) nor wall time
 * (the supervisor's deadline). */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "layers.h"

#define MIB(x) ((rlim_t)(x) << 20)
/* Queued signals (sigqueue, POSIX timers) count against the host uid's quota up the user
 * namespaces; a run queueing ~100 000 to itself left the host's processes none. */
#define PW_SIGPENDING 64
/* Like RLIMIT_NPROC (ns.c), these two are counted per user namespace and the creator's
 * limit at unshare becomes the cap of the count one level up, which every run of the same
 * real uid shares: set before a run's namespaces, 64 would be a cap on all runs together
 * (one run queueing 64 signals made timer_create fail in every other). Set after them. */
static const struct {
    int resource;
    const char *name;
    rlim_t value;
} queue_limits[] = {{RLIMIT_SIGPENDING, "RLIMIT_SIGPENDING", PW_SIGPENDING},
                    {RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE", 0}}; /* the same for POSIX queues */

typedef struct {
    int resource;
    const char *name;
    long value;   /* 0: the policy sets no limit; -1: always set (core, priorities: 0) */
    rlim_t soft;  /* computed from value */
    rlim_t slack; /* hard = soft + slack: CPU gets one second to turn SIGXCPU into SIGKILL */
} limit;

/* max_file_mb and max_file_bytes: the smaller of those set, 0 when neither is. */
static rlim_t file_size_limit(const pw_policy *p)
{
    rlim_t mb = MIB(p->max_file_mb), bytes = (rlim_t)p->max_file_bytes;
    return !mb ? bytes : !bytes || mb < bytes ? mb : bytes;
}

void pw_rlimit_prepare(const pw_policy *p)
{
    /* Under RLIMIT_AS, glibc's per-thread malloc arenas (64 MiB of address space each) would
     * make a dozen threads look like a gigabyte: keep two. Once per process, ahead in a warm
     * template: mallopt first consolidates the heap, which in a run would copy some 60 pages
     * it shares with the template. */
    static bool done;
    if (p->memory_mb > 0 && !done) done = mallopt(M_ARENA_MAX, 2) == 1;
}

/* A hard limit the host set lower than the policy's (systemd's LimitAS=, ulimit -v,
 * docker --ulimit) cannot be raised, and need not be: the run keeps the host's. */
int pw_rlimit_set(int resource, struct rlimit r)
{
    struct rlimit now;
    if (getrlimit(resource, &now) == 0 && now.rlim_max < r.rlim_max) {
        rlim_t gap = r.rlim_max - r.rlim_cur;
        r.rlim_max = now.rlim_max;
        if (r.rlim_cur > r.rlim_max) r.rlim_cur = r.rlim_max > gap ? r.rlim_max - gap : r.rlim_max;
    }
    return setrlimit(resource, &r);
}

/* One second under the host's hard limit: at the hard limit the kernel sends SIGKILL with no
 * SIGXCPU first, which read as "crashed" (and the OOM killer's doing), not cpu_limit. */
long pw_rlimit_cpu_s(long cpu_s)
{
    struct rlimit now;
    if (getrlimit(RLIMIT_CPU, &now) != 0 || now.rlim_max == RLIM_INFINITY) return cpu_s;
    long host = now.rlim_max > 1 ? (long)now.rlim_max - 1 : 1;
    return cpu_s && cpu_s <= host ? cpu_s : host;
}

/* RLIMIT_NOFILE bounds the run, not its set-up: a warm spare moves its run's pipes above fd 10
 * at hand-off (pw_fds_apply), the view's mounts and Landlock's rules open paths, and a small
 * max_open_files set ahead failed them. So pw_rlimit_apply leaves it to the end of the run's
 * set-up (pw_child_attach). */
pw_layer_status pw_rlimit_apply_nofile(const pw_policy *p, pw_buf *why)
{
    struct rlimit r = {(rlim_t)p->max_open_files, (rlim_t)p->max_open_files};
    if (p->max_open_files == 0 || pw_rlimit_set(RLIMIT_NOFILE, r) == 0) return PW_APPLIED;
    pw_buf_appendf(why, "rlimit: setrlimit(RLIMIT_NOFILE, %ld): %s", p->max_open_files,
                   strerror(errno));
    return PW_FAILED;
}

/* Address space a warm template mapped ahead of its runs (pw_rlimit_allow_address_space). */
static rlim_t address_space_allowance;

void pw_rlimit_allow_address_space(size_t bytes)
{
    address_space_allowance = (rlim_t)bytes;
}

long pw_rlimit_memory_mb(long memory_mb)
{
    struct rlimit now;
    if (getrlimit(RLIMIT_AS, &now) != 0 || now.rlim_cur == RLIM_INFINITY ||
        now.rlim_cur <= address_space_allowance)
        return memory_mb;
    long mb = (long)((now.rlim_cur - address_space_allowance) >> 20);
    return memory_mb && memory_mb <= mb ? memory_mb : mb;
}

pw_layer_status pw_rlimit_apply(const pw_policy *p, pw_buf *why)
{
    rlim_t fsize = file_size_limit(p);
    long cpu_s = pw_rlimit_cpu_s(p->cpu_s);
    limit table[] = {
#ifndef PW_SANITIZED /* ASan reserves terabytes of address space: RLIMIT_AS cannot apply */
        {RLIMIT_AS, "RLIMIT_AS", p->memory_mb, MIB(p->memory_mb) + address_space_allowance, 0},
#endif
        {RLIMIT_CPU, "RLIMIT_CPU", cpu_s, (rlim_t)cpu_s, 1},
        {RLIMIT_FSIZE, "RLIMIT_FSIZE", fsize != 0, fsize, 0},
        {RLIMIT_CORE, "RLIMIT_CORE", -1, 0, 0},
        /* A host that grants real-time or raised priority (an audio group's rtprio, systemd's
         * LimitRTPRIO=) grants it to no run: SCHED_FIFO would starve the host for cpu_s. */
        {RLIMIT_RTPRIO, "RLIMIT_RTPRIO", -1, 0, 0},
        {RLIMIT_NICE, "RLIMIT_NICE", -1, 0, 0},
    };
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        const limit *l = &table[i];
        if (l->value == 0) continue;
        struct rlimit r = {l->soft, l->soft + l->slack};
        if (pw_rlimit_set(l->resource, r) != 0) {
            pw_buf_appendf(why, "rlimit: setrlimit(%s, %llu): %s", l->name,
                           (unsigned long long)l->soft, strerror(errno));
            return PW_FAILED;
        }
    }
    pw_rlimit_prepare(p);
    /* A write past RLIMIT_FSIZE must fail with EFBIG (an OSError in Python), not kill the
     * run with SIGXFSZ. */
    if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR) {
        pw_buf_appendf(why, "rlimit: signal(SIGXFSZ, SIG_IGN): %s", strerror(errno));
        return PW_FAILED;
    }
    return PW_APPLIED;
}

pw_layer_status pw_rlimit_apply_queues(const pw_policy *p, pw_buf *why)
{
    (void)p;
    for (size_t i = 0; i < sizeof queue_limits / sizeof *queue_limits; i++) {
        struct rlimit r = {queue_limits[i].value, queue_limits[i].value};
        if (pw_rlimit_set(queue_limits[i].resource, r) != 0) {
            pw_buf_appendf(why, "rlimit: setrlimit(%s, %llu): %s", queue_limits[i].name,
                           (unsigned long long)queue_limits[i].value, strerror(errno));
            return PW_FAILED;
        }
    }
    return PW_APPLIED;
}
