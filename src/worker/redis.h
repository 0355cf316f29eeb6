/* The Redis side shared by `pywarden worker` and `pywarden submit`: where the server is
 * (a URL), a connection with the password from the environment, and replies read safely.
 * hiredis contexts are not thread-safe: each thread that talks to Redis owns its own. */
#ifndef PW_REDIS_H
#define PW_REDIS_H

#include <hiredis/hiredis.h>
#include <stdbool.h>

#include "util.h"

typedef struct {
    char *host; /* NULL for a unix socket */
    int port;
    char *path; /* the unix socket's path */
    int db;
} pw_redis_target;

/* Parses redis://host[:port][/db] or unix:///path/to.sock[?db=N]. A password in the URL is
 * refused: it would show in `ps`; it comes from PYWARDEN_REDIS_PASSWORD. */
bool pw_redis_parse_url(const char *url, pw_redis_target *t, pw_buf *why);
void pw_redis_target_free(pw_redis_target *t);

/* Connects, authenticates (PYWARDEN_REDIS_PASSWORD) and selects the database. Commands
 * time out after timeout_ms (a blocking XREAD must ask for less). NULL with why set. */
redisContext *pw_redis_connect(const pw_redis_target *t, int timeout_ms, pw_buf *why);

/* Whether key may receive the answers to requests of stream: stream's own results or a
 * key named under it ("STREAM:..."), so the worker writes into no other key. */
bool pw_redis_reply_key_ok(const char *stream, const char *key);

/* Runs one command given as argv; NULL (and why set) on a connection error or an error
 * reply. The caller frees the reply with freeReplyObject. */
redisReply *pw_redis_call(redisContext *c, pw_buf *why, int argc, const char **argv);

/* True when the connection is broken and must be replaced. */
bool pw_redis_broken(const redisContext *c);

/* Backoff between reconnects: 50 ms doubling to 2 s; sleeps and returns the next delay. */
int pw_redis_backoff(int delay_ms);

#endif
