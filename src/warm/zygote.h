/* Warm mode: templates that initialise the interpreter once and fork one child per run.
 *
 * Three kinds of process take part:
 *   launcher  forked from the host while it is still single-threaded (pool create, serve
 *             start); it never touches Python and only forks templates on request, so a
 *             template can be (re)started at any time, even once the host has threads.
 *   template  one per policy: initialises the interpreter, pre-imports a few stdlib
 *             modules, prepares the layers, then forks a child per run. Never runs user
 *             code, stays single-threaded, dies with the launcher (PR_SET_PDEATHSIG).
 *   child     fork of a template: PyOS_AfterFork_Child, then pw_child_main(warm).
 * Every link is a SOCK_SEQPACKET socketpair; fds travel with SCM_RIGHTS. A template has one
 * connection per pool slot, so each slot talks to it without locking. */
#ifndef PW_ZYGOTE_H
#define PW_ZYGOTE_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "request.h"
#include "util.h"

#define PW_ZYGOTE_MAX_CONNS 128 /* SCM_RIGHTS carries at most 253 fds per message */

typedef struct {
    pid_t pid;
    int sock; /* control connection; -1 once the launcher is gone */
} pw_launcher;

typedef struct {
    pid_t pid;
    int pidfd; /* for signals without pid-reuse races */
    int nconns;
    int *conns; /* conns[slot]: that slot's connection */
} pw_template;

/* Forks the launcher from the calling thread, which must be the only thread of the
 * process. false with why set on failure. */
bool pw_launcher_start(pw_launcher *l, pw_buf *why);
/* Closes the control connection and waits for the launcher (and its templates) to exit. */
void pw_launcher_stop(pw_launcher *l);

/* Asks the launcher for a template of policy spec (JSON text; "null" for the default)
 * with nconns slot connections; its relative policy paths resolve against work_dir, which
 * matters for nothing a run uses: every run sends its own paths and work directory. Not thread-safe per launcher. */
bool pw_template_spawn(pw_launcher *l, const char *spec, const char *work_dir, int nconns,
                       pw_template *t, pw_buf *why);
/* Waits up to timeout_ms until the template has initialised; false if it died or hung. */
bool pw_template_ping(const pw_template *t, int slot, int timeout_ms, pw_buf *why);
/* Closes every connection (the template then exits by itself) and kills it. */
void pw_template_release(pw_template *t);

typedef enum {
    PW_FORK_OK,
    PW_FORK_NOT_SENT, /* the template was gone before it saw the request: safe to retry */
    PW_FORK_FAILED,   /* it saw the request and failed or died: the run is lost */
} pw_fork_status;

/* Asks the template to fork a run of req whose stdout/stderr/result go to the given write
 * ends; nonce is the run's report nonce (pw_nonce_new). On success *pid is the child (its own
 * process group) and *pidfd a pidfd of it; the child stays unreaped until pw_template_reap. */
pw_fork_status pw_template_fork(const pw_template *t, int slot, const pw_req *req,
                                const char *nonce, const int wfds[3], int timeout_ms, pid_t *pid,
                                int *pidfd, pw_buf *why);
/* Tells the template the slot is done with pid (SIGKILLed by the caller, never signalled
 * again): it reaps pid when it ends, and the slot may start its next run at once. */
void pw_template_release_run(const pw_template *t, int slot, pid_t pid);
/* Has the template reap pid (already dead or SIGKILLed) and return how it ended. */
bool pw_template_reap(const pw_template *t, int slot, pid_t pid, int *status, struct rusage *ru);

#endif
