/* The supervisor: starts a run, watches it against the deadline and the output caps,
 * kills everything of it, reaps it, and turns what it saw into the result object. */
#ifndef PW_SUPERVISOR_H
#define PW_SUPERVISOR_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "request.h"

/* A started run as the supervisor sees it, whoever forked it. */
typedef struct {
    pid_t pid; /* leader of the run's process group */
    int pidfd; /* readable when pid has exited */
    int out_r, err_r, res_r;
    const char *mode;             /* "cold" or "warm" */
    char nonce[PW_NONCE_HEX + 1]; /* the run's report must start with it (pw_child_pipes) */
    /* Waits for pid (already SIGKILLed if still alive) and reports how it ended. */
    bool (*reap)(void *ctx, pid_t pid, int *status, struct rusage *ru);
    /* Optional: once the run has sent its whole report and closed its pipes, hands pid
     * (SIGKILLed, exiting) over to be reaped later, so the answer need not wait for the
     * kernel to tear the process down. The supervisor never signals pid afterwards. */
    void (*release)(void *ctx, pid_t pid);
    void *reap_ctx;
    /* When the run is killed (pw_now_ms clock); 0: timeout_ms from when watching starts.
     * Warm runs count from when the pool took the request, so time spent waiting for a
     * slot or a template is part of timeout_ms. */
    double deadline_ms;
} pw_run_handle;

/* Forks a child that initialises its own interpreter and runs req. Never NULL. */
cJSON *pw_supervise_cold(const pw_req *req);

/* For a signal handler of a process that stops on the signal: kills the cold run in flight
 * (or the next as it starts), whose pw_supervise_cold then returns once it has reaped the run
 * and removed its temporary directory (hosttmp.c). */
void pw_supervise_cold_stop(void);

/* Watches fd (a pipe or socket the command writes its result to) beside each run until its
 * reader is gone, then calls gone(SIGPIPE) once, as a stop signal's handler would be called. */
void pw_supervise_cold_watch(int fd, void (*gone)(int sig));

/* Watches a started run to its end; closes the handle's fds. Never NULL. start_ms is
 * when the run began (pw_now_ms) for stats.wall_ms. */
cJSON *pw_supervise_watch(pw_run_handle *h, const pw_req *req, double start_ms);

#endif
