/* The pool's internals shared with `pywarden serve` (the public API is in pywarden.h). */
#ifndef PW_POOL_H
#define PW_POOL_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "pywarden.h"

#define PW_POOL_MAX_TEMPLATES 8 /* distinct policies kept warm; the least used goes first */

/* Lets another thread cancel one run (serve's {"cancel": id}). Zero-initialise it; the
 * pool's mutex guards it while the run it was given to is in pw_pool_execute. */
typedef struct pw_cancel {
    bool requested;
} pw_cancel;

/* Runs one request given as a parsed object (pw_json_parse_exact; the pool may add the
 * default policy to it). Blocks while every worker slot is busy. cancel may be NULL.
 * Never NULL. */
cJSON *pw_pool_execute(pw_pool *pool, cJSON *request, pw_cancel *cancel);
/* A public call counts itself from its first step (pw_pool_run, pw_pool_run_request), so
 * that pw_pool_destroy waits for the request it is still building too. */
void pw_pool_caller_enter(pw_pool *pool);
void pw_pool_caller_leave(pw_pool *pool);

/* Cancels the run given cancel: one not started yet is answered "cancelled" without
 * running; one running is killed and answered "cancelled"; one already finished keeps its
 * result. Any thread, any time while that pw_pool_execute has not returned. */
void pw_pool_cancel(pw_pool *pool, pw_cancel *cancel);

/* Kills every run in flight (their results say internal, "cancelled") and makes runs that
 * start from now on fail the same way without running. For shutdown. */
void pw_pool_cancel_all(pw_pool *pool);

#endif
