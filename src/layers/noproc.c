/* Layer "noproc": the run starts no process and execs nothing, by any route (fork, vfork,
 * clone without CLONE_THREAD, clone3, execve, execveat: a small seccomp filter of its own),
 * and its threads are bounded by max_processes through RLIMIT_NPROC, which its filter keeps
 * binding by refusing setuid, setreuid and setresuid. Threads stay allowed. */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "layers.h"

/* RLIMIT_NPROC counts every task of the real uid; it binds the run alone only inside its
 * own user namespace (ns.c moves a root run's real uid off 0, which the kernel exempts).
 * Outside one it would count the host's processes too, so it is left alone there. */
static pw_layer_status bound_threads(const pw_policy *p, pw_buf *why)
{
    if (p->max_processes <= 0 || !pw_ns_nproc_counts_run()) return PW_APPLIED;
    struct rlimit r = {(rlim_t)p->max_processes, (rlim_t)p->max_processes};
    if (pw_rlimit_set(RLIMIT_NPROC, r) != 0) {
        pw_buf_appendf(why, "noproc: setrlimit(RLIMIT_NPROC, %ld): %s", p->max_processes,
                       strerror(errno));
        return PW_FAILED;
    }
    return PW_APPLIED;
}

pw_layer_status pw_noproc_apply(const pw_policy *p, pw_buf *why)
{
    pw_layer_status st = bound_threads(p, why);
    if (st != PW_APPLIED) return st;
    /* The seccomp layer's per-run program holds these rules too and loads before any user
     * code (or the run fails): one filter fewer to attach. It is unavailable exactly when
     * ours is. */
    if (p->layers[PW_LAYER_SECCOMP] != PW_NEED_OFF && pw_seccomp_available()) return PW_APPLIED;
    return pw_seccomp_load(PW_FILTER_NOPROC, "noproc", why);
}
