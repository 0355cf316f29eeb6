/* The pool's internals shared with `pywarden serve` (the public API is in pywarden.h). */
#ifndef PW_POOL_H
#define PW_POOL_H

#include <cjson/cJSON.h>

#include "pywarden.h"

/* Runs one request given as a parsed object (pw_json_parse_exact; the pool may add the
 * default policy to it). Blocks while every worker slot is busy. Never NULL. */
cJSON *pw_pool_execute(pw_pool *pool, cJSON *request);

/* Kills every run in flight (their results say internal, "cancelled") and makes runs that
 * start from now on fail the same way without running. For shutdown. */
void pw_pool_cancel_all(pw_pool *pool);

#endif
