/* The sandbox layers below the audit hook, one file each (fds.c, rlimit.c, ns.c,
 * landlock.c, seccomp.c). Each keeps "prepare" (once per process, may be slow) apart from
 * "apply" (in the child, per run, cheap). */
#ifndef PW_LAYERS_H
#define PW_LAYERS_H

#include "policy.h"
#include "util.h"

typedef enum {
    PW_APPLIED,     /* the layer is in force */
    PW_UNAVAILABLE, /* this kernel cannot do it; why says what is missing */
    PW_FAILED,      /* it should have worked and did not; why names the call and errno */
} pw_layer_status;

/* The fd numbers a run's child has once pw_fds_apply has run. */
enum { PW_FD_STDIN = 0, PW_FD_STDOUT = 1, PW_FD_STDERR = 2, PW_FD_RESULT = 3 };

/* fds.c: stdin from /dev/null, stdout/stderr/result onto 1/2/3, every other fd closed;
 * the environment replaced by exactly the policy's env. */
pw_layer_status pw_fds_apply(int out_w, int err_w, int res_w, pw_buf *why);
pw_layer_status pw_env_apply(const pw_policy *p, pw_buf *why);

pw_layer_status pw_rlimit_apply(const pw_policy *p, pw_buf *why);
pw_layer_status pw_noproc_apply(const pw_policy *p, pw_buf *why);
pw_layer_status pw_ns_apply(const pw_policy *p, pw_buf *why);
pw_layer_status pw_landlock_apply(const pw_policy *p, pw_buf *why);
pw_layer_status pw_seccomp_apply(const pw_policy *p, pw_buf *why);

/* child.c: does every layer's once-per-process preparation for policy p (a warm template
 * calls it before forking runs; cold children just apply). Idempotent. */
void pw_layers_prepare(const pw_policy *p);

#endif
