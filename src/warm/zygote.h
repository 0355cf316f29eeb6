/* Warm mode: templates that initialise the interpreter once and fork one child per run.
 *
 * Three kinds of process take part (and the nursery, a fork of the host at pool create that
 * forks each launcher as the host's child, so that a restarted one holds nothing the host
 * got later):
 *   launcher  forked from the host while it is still single-threaded (pool create, serve
 *             start); it never touches Python and only forks templates on request, so a
 *             template can be (re)started at any time, even once the host has threads.
 *   template  one per policy: initialises the interpreter, pre-imports a few stdlib
 *             modules, prepares the layers, then forks a child per run. Never runs user
 *             code, stays single-threaded, dies with the launcher (PR_SET_PDEATHSIG).
 *   child     fork of a template, forked ahead to set up what needs no request, then
 *             handed to a pool slot (its pid, a pidfd and its channel), which sends it one
 *             run itself: the template is not on a run's path and never holds a request.
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
#define PW_SPARES                                                                                  \
    2 /* children a template keeps waiting per connection, the one handed included                 \
       */
#define PW_START_MS 30000            /* a template's interpreter start-up, slow under sanitizers */
#define PW_NURSERY_NAME "pw-nursery" /* its comm: tests tell it from the launcher */
#define PW_ANSWER_MS 5000 /* a started template or the launcher answers within this, or is hung */

/* How a wait for the launcher or a template ended. Every wait has a deadline (pw_now_ms
 * clock): the caller's request deadline, capped by the bounds above. */
typedef enum {
    PW_WAIT_OK,
    PW_WAIT_LATE,     /* the deadline came first; the answer is still owed and is read (and
                         undone) before the next request on that connection */
    PW_WAIT_REFUSED,  /* it answered no (why says why); it is still usable */
    PW_WAIT_NOT_SENT, /* a template was gone before it saw the request: safe to retry */
    PW_WAIT_GONE,     /* it died, misbehaved, or owes an answer for too long (hung or
                         stopped): the caller kills it and starts another */
} pw_wait;

/* Answers a connection still owes for requests whose caller stopped waiting. */
typedef struct {
    int owed;
    double since;  /* when the oldest of them was asked */
    bool answered; /* the peer has answered once: it is up */
} pw_owed;

typedef struct {
    pid_t pid;
    int pidfd;
    int sock; /* control connection; -1 once the launcher is gone */
    pw_owed owed;
    pid_t nursery;    /* what forks launchers (-1: none yet) */
    int nursery_sock; /* its connection, or -1 */
} pw_launcher;

/* A spare the template handed a slot: its next run is sent to it directly, on chan. */
typedef struct {
    pid_t pid; /* 0: none held */
    int pidfd, chan;
    bool coming;  /* asked for with the slot's last run: the answer is still to be read */
    double asked; /* when */
} pw_spare;

typedef struct {
    pid_t pid;
    int pidfd; /* for signals without pid-reuse races */
    int nconns;
    int *conns;      /* conns[slot]: that slot's connection */
    pw_owed *owed;   /* owed[slot]: touched only by the thread holding the slot */
    pw_spare *spare; /* spare[slot]: likewise */
} pw_template;

/* Starts a launcher, a child of the host forked by the nursery, a fork of the host made at
 * the first start: the host should be single-threaded then (pool create, serve start).
 * false with why set on failure. */
bool pw_launcher_start(pw_launcher *l, pw_buf *why);
/* Closes the control connection and waits up to PW_ANSWER_MS for the launcher (and its
 * templates) to exit, then kills it; it is reaped either way, and so is the nursery. */
void pw_launcher_stop(pw_launcher *l);
/* Kills and reaps a launcher that died or hung, and starts a new one. */
bool pw_launcher_restart(pw_launcher *l, pw_buf *why);

/* Asks the launcher for a template running under policy_text (pw_template_policy_text of an
 * effective policy: the template reads no policy file) with nconns slot connections. Every
 * run sends its own read and write paths and work directory. Not thread-safe per launcher. */
pw_wait pw_template_spawn(pw_launcher *l, const char *policy_text, int nconns, double deadline,
                          pw_template *t, pw_buf *why);
/* Waits until the template has initialised (OK), or deadline (LATE), or it failed. */
pw_wait pw_template_ping(pw_template *t, int slot, double deadline, pw_buf *why);
/* SIGKILLs the template (its runs die with it: PR_SET_PDEATHSIG); its fds stay open. */
void pw_template_kill(const pw_template *t);
/* Closes every connection and kills the template. */
void pw_template_release(pw_template *t);

/* Starts a run of req, whose stdout/stderr/result go to the given write ends, in the spare
 * the template handed this slot (asking for one first when it holds none), and asks for the
 * next; nonce is the run's report nonce (pw_nonce_new). On success *pid is the child (its
 * own process group) and *pidfd a pidfd of it; the child stays unreaped until
 * pw_template_reap. A template that never answered on this slot is pinged first: a run is
 * only sent to one that is up. */
pw_wait pw_template_fork(pw_template *t, int slot, const pw_req *req, const char *nonce,
                         const int wfds[3], double deadline, pid_t *pid, int *pidfd, pw_buf *why);
/* From now on the calling thread's waits for the launcher or a template to answer (spawn,
 * ping, fork) also end as at their deadline (LATE, the answer owed) once fd is readable: a
 * pool slot's eventfd, written when the run's caller cancels it. -1: no such fd. Not for
 * pw_template_reap, whose answer a killed run still needs. A spare given up on this way is
 * killed when its answer comes. */
void pw_zygote_give_up_on(int fd);
/* Tells the template the slot is done with pid (SIGKILLed by the caller, never signalled
 * again): it reaps pid when it ends, and the slot may start its next run at once. */
void pw_template_release_run(const pw_template *t, int slot, pid_t pid);
/* Has the template reap pid (already dead or SIGKILLed; run_pidfd its pidfd, or -1) and
 * return how it ended; false if the template does not answer within PW_ANSWER_MS of pid's
 * death. */
bool pw_template_reap(pw_template *t, int slot, pid_t pid, int run_pidfd, int *status,
                      struct rusage *ru);

#endif
