/* Redis connections for the worker and submit: URL, password, database, replies. */
#include "redis.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool parse_int(const char *s, size_t n, int min, int max, int *out)
{
    char tmp[16];
    if (n == 0 || n >= sizeof tmp) return false;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    char *end;
    errno = 0;
    long v = strtol(tmp, &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = (int)v;
    return true;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static bool parse_unix(const char *rest, pw_redis_target *t, pw_buf *why)
{
    const char *q = strchr(rest, '?');
    size_t n = q ? (size_t)(q - rest) : strlen(rest);
    if (n == 0 || rest[0] != '/') {
        pw_buf_appendf(why, "a unix URL needs an absolute path: unix:///path/to.sock");
        return false;
    }
    if (q && (strncmp(q, "?db=", 4) != 0 || !parse_int(q + 4, strlen(q + 4), 0, 1 << 20, &t->db))) {
        pw_buf_appendf(why, "a unix URL takes only ?db=N after the path");
        return false;
    }
    t->path = dup_n(rest, n);
    return t->path != NULL;
}

static bool parse_tcp(const char *rest, pw_redis_target *t, pw_buf *why)
{
    size_t n = strcspn(rest, "/");
    const char *at = memchr(rest, '@', n);
    if (at) {
        pw_buf_appendf(why, "no credentials in the URL (they would show in `ps`): "
                            "put the password in PYWARDEN_REDIS_PASSWORD");
        return false;
    }
    const char *colon = memchr(rest, ':', n);
    size_t host_n = colon ? (size_t)(colon - rest) : n;
    t->port = 6379;
    if (host_n == 0 || (colon && !parse_int(colon + 1, n - host_n - 1, 1, 65535, &t->port))) {
        pw_buf_appendf(why, "expected redis://host[:port][/db]");
        return false;
    }
    const char *db = rest + n;
    if (*db == '/' && db[1] && !parse_int(db + 1, strlen(db + 1), 0, 1 << 20, &t->db)) {
        pw_buf_appendf(why, "the database after the host must be a number");
        return false;
    }
    t->host = dup_n(rest, host_n);
    return t->host != NULL;
}

bool pw_redis_parse_url(const char *url, pw_redis_target *t, pw_buf *why)
{
    *t = (pw_redis_target){0};
    bool ok;
    if (strncmp(url, "redis://", 8) == 0)
        ok = parse_tcp(url + 8, t, why);
    else if (strncmp(url, "unix://", 7) == 0)
        ok = parse_unix(url + 7, t, why);
    else
        ok = !pw_buf_appendf(why, "a Redis URL starts with redis:// or unix://");
    if (!ok) pw_redis_target_free(t);
    return ok;
}

void pw_redis_target_free(pw_redis_target *t)
{
    free(t->host);
    free(t->path);
    *t = (pw_redis_target){0};
}

bool pw_redis_broken(const redisContext *c)
{
    return !c || c->err != 0;
}

redisReply *pw_redis_call(redisContext *c, pw_buf *why, int argc, const char **argv)
{
    redisReply *r = redisCommandArgv(c, argc, argv, NULL);
    if (!r) {
        pw_buf_appendf(why, "%s: %s", argv[0], c->errstr[0] ? c->errstr : "connection lost");
        return NULL;
    }
    if (r->type == REDIS_REPLY_ERROR) {
        pw_buf_appendf(why, "%s: %s", argv[0], r->str);
        freeReplyObject(r);
        return NULL;
    }
    return r;
}

/* One command whose reply only has to be not an error. */
static bool call_ok(redisContext *c, pw_buf *why, int argc, const char **argv)
{
    redisReply *r = pw_redis_call(c, why, argc, argv);
    freeReplyObject(r);
    return r != NULL;
}

redisContext *pw_redis_connect(const pw_redis_target *t, int timeout_ms, pw_buf *why)
{
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    redisContext *c = t->path ? redisConnectUnixWithTimeout(t->path, tv)
                              : redisConnectWithTimeout(t->host, t->port, tv);
    if (!c || c->err) {
        char port[16] = "";
        if (!t->path) snprintf(port, sizeof port, ":%d", t->port);
        pw_buf_appendf(why, "cannot connect to Redis at %s%s: %s", t->path ? t->path : t->host,
                       port, c ? c->errstr : "out of memory");
        if (c) redisFree(c);
        return NULL;
    }
    redisSetTimeout(c, tv);
    const char *password = getenv("PYWARDEN_REDIS_PASSWORD");
    char db[16];
    snprintf(db, sizeof db, "%d", t->db);
    bool ok = (!password || !*password || call_ok(c, why, 2, (const char *[]){"AUTH", password})) &&
              (t->db == 0 || call_ok(c, why, 2, (const char *[]){"SELECT", db}));
    if (!ok) {
        redisFree(c);
        return NULL;
    }
    return c;
}

int pw_redis_backoff(int delay_ms)
{
    struct timespec ts = {delay_ms / 1000, (long)(delay_ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    return delay_ms * 2 > 2000 ? 2000 : delay_ms * 2;
}

bool pw_redis_reply_key_ok(const char *stream, const char *key)
{
    size_t n = strlen(stream);
    return strncmp(key, stream, n) == 0 && key[n] == ':' && key[n + 1] != '\0';
}
