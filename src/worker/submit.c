/* `pywarden submit`: the client side of the worker, for shells and tests. Reads request
 * lines on stdin, queues each in the stream, then prints the answers as they arrive. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "redis.h"

#define IO_TIMEOUT_MS 5000
#define READ_BLOCK_MS 1000
#define PRIVATE_TTL_S "86400"

static const char submit_usage[] =
    "usage: pywarden submit --redis URL --stream KEY [--reply KEY] [--wait-ms N]\n"
    "\n"
    "Queues the request lines read on stdin (one JSON object per line, as for `pywarden\n"
    "serve`; blank lines are skipped) in a stream that `pywarden worker` consumes, then\n"
    "prints one answer line per request as the answers arrive (in the order they come).\n"
    "Exit status: 0 every request answered, 1 Redis failed, --wait-ms passed first or an\n"
    "answer could not be written to stdout, 2 usage error.\n"
    "\n"
    "  --redis URL    as for `pywarden worker` (password from PYWARDEN_REDIS_PASSWORD)\n"
    "  --stream KEY   the stream of requests\n"
    "  --reply KEY    the stream the answers go to, named STREAM:... (default: a private stream\n"
    "                 KEY:results:HOST-PID-RANDOM, deleted at the end, or left to expire\n"
    "                 in a day when answers are still owed); only answers added after\n"
    "                 this submit started are printed\n"
    "  --wait-ms N    give up waiting for answers after N ms (default: wait for all)\n"
    "  -h, --help     this help\n";

static bool blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

/* Queues every non-blank line of stdin; returns how many, or -1 on a Redis error. *in_failed:
 * stdin could not be read to its end (why says so; what was queued is still answered). */
static long queue_lines(redisContext *c, const char *stream, const char *reply, pw_buf *why,
                        bool *in_failed)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long count = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        if (n > 0 && line[n - 1] == '\n') line[--n] = '\0';
        if (blank(line)) continue;
        const char *argv[] = {"XADD", stream, "*", "request", line, "reply", reply};
        size_t lens[] = {4, strlen(stream), 1, 7, (size_t)n, 5, strlen(reply)};
        redisReply *r = redisCommandArgv(c, 7, argv, lens);
        bool ok = r && r->type != REDIS_REPLY_ERROR;
        if (!ok) pw_buf_appendf(why, "XADD: %s", r ? r->str : c->errstr);
        freeReplyObject(r);
        if (!ok) {
            count = -1;
            break;
        }
        count++;
    }
    *in_failed = count >= 0 && ferror(stdin);
    if (*in_failed) pw_buf_appendf(why, "cannot read requests from stdin: %s", strerror(errno));
    free(line);
    return count;
}

/* The private reply stream, made now with an entry of its own and a day to live: answers
 * that come after submit gave up (--wait-ms, a crash) add to it and it still expires. A DEL
 * ends it when every answer came. */
static bool open_private(redisContext *c, const char *own, pw_buf *why)
{
    const char *add[] = {"XADD", own, "*", "opened", "1"}, *ttl[] = {"EXPIRE", own, PRIVATE_TTL_S};
    redisReply *added = pw_redis_call(c, why, 5, add);
    redisReply *kept = added ? pw_redis_call(c, why, 3, ttl) : NULL;
    bool ok = kept != NULL;
    freeReplyObject(added);
    freeReplyObject(kept);
    return ok;
}

/* The id of reply's newest entry into last ("0-0" for none): answers already there are an
 * earlier submit's, not ours. false on a Redis error. */
static bool newest_entry(redisContext *c, const char *reply, char *last, size_t cap, pw_buf *why)
{
    const char *argv[] = {"XREVRANGE", reply, "+", "-", "COUNT", "1"};
    redisReply *r = pw_redis_call(c, why, 6, argv);
    if (!r) return false;
    bool one = r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
               r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 2;
    snprintf(last, cap, "%s", one ? r->element[0]->element[0]->str : "0-0");
    freeReplyObject(r);
    return true;
}

/* Prints answers from reply after entry last until want of them came, wait_ms passed or
 * stdout failed (a closed pipe: the answers still owed could not be shown); returns how
 * many. */
static long print_answers(redisContext *c, const char *reply, char *last, size_t cap, long want,
                          long wait_ms, pw_buf *why)
{
    long got = 0;
    bool out_failed = false;
    double until = wait_ms > 0 ? pw_now_ms() + (double)wait_ms : 0;
    for (double now; got < want && !out_failed && (!until || (now = pw_now_ms()) < until);) {
        char block[24]; /* no longer than what is left of --wait-ms */
        snprintf(block, sizeof block, "%ld",
                 until && until - now < READ_BLOCK_MS ? (long)(until - now) + 1 : READ_BLOCK_MS);
        const char *argv[] = {"XREAD", "BLOCK", block, "STREAMS", reply, last};
        redisReply *r = pw_redis_call(c, why, 6, argv);
        if (!r) break;
        const redisReply *list =
            r->type == REDIS_REPLY_ARRAY && r->elements == 1 && r->element[0]->elements == 2
                ? r->element[0]->element[1]
                : NULL;
        for (size_t i = 0; list && i < list->elements && !out_failed; i++) {
            const redisReply *e = list->element[i], *f = e->element[1];
            snprintf(last, cap, "%s", e->element[0]->str);
            for (size_t k = 0; k + 1 < f->elements && !out_failed; k += 2)
                if (strcmp(f->element[k]->str, "answer") == 0) {
                    /* waits where stdout is non-blocking; says why when it fails */
                    out_failed = !pw_print_line(f->element[k + 1]->str);
                    got += !out_failed;
                }
        }
        freeReplyObject(r);
    }
    return got;
}

int pw_cmd_submit(int argc, char **argv)
{
    static const struct option opts[] = {
        {"redis", required_argument, 0, 'r'}, {"stream", required_argument, 0, 's'},
        {"reply", required_argument, 0, 'R'}, {"wait-ms", required_argument, 0, 'w'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
    const char *url = NULL, *stream = NULL, *reply = NULL;
    long wait_ms = 0;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        char *end = NULL;
        switch (ch) {
        case 'h':
            fputs(submit_usage, stdout);
            return 0;
        case 'r':
            url = optarg;
            break;
        case 's':
            stream = optarg;
            break;
        case 'R':
            reply = optarg;
            break;
        case 'w':
            wait_ms = strtol(optarg, &end, 10);
            break;
        default:
            break;
        }
        if (end && (*end || wait_ms <= 0))
            return pw_usage_error(submit_usage, "--wait-ms takes a positive integer, not '%s'",
                                  optarg);
        if (ch == '?' || ch == ':')
            return pw_usage_error(submit_usage, "bad or unknown option '%s'", argv[optind - 1]);
    }
    if (optind < argc)
        return pw_usage_error(submit_usage, "unexpected argument '%s'", argv[optind]);
    if (!url || !stream || !*stream)
        return pw_usage_error(submit_usage, "%s", "--redis and --stream are required");
    if (reply && !pw_redis_reply_key_ok(stream, reply))
        return pw_usage_error(submit_usage,
                              "--reply '%s': a worker answers only into keys named '%s:...'", reply,
                              stream);
    pw_redis_target t;
    pw_buf why = {0}, own = {0};
    if (!pw_redis_parse_url(url, &t, &why)) {
        int rc = pw_usage_error(submit_usage, "--redis: %s", why.data);
        pw_buf_free(&why);
        return rc;
    }
    if (!reply) {
        char host[200] = "submit";
        gethostname(host, sizeof host - 1);
        /* Unguessable: any producer of the stream may name a reply key under it, and could
         * otherwise fill this one with answers of its own making. */
        char nonce[PW_NONCE_HEX + 1] = "0";
        pw_nonce_new(nonce);
        pw_buf_appendf(&own, "%s:results:%s-%d-%.16s", stream, host, (int)getpid(), nonce);
        reply = own.data;
    }
    signal(SIGPIPE, SIG_IGN); /* Redis gone mid-write: an error to report, not a silent death */
    redisContext *c = reply ? pw_redis_connect(&t, IO_TIMEOUT_MS + READ_BLOCK_MS, &why) : NULL;
    char last[64];
    bool in_failed = false;
    long want = c && (!own.data || open_private(c, own.data, &why)) &&
                        newest_entry(c, reply, last, sizeof last, &why)
                    ? queue_lines(c, stream, reply, &why, &in_failed)
                    : -1;
    long got = want > 0 ? print_answers(c, reply, last, sizeof last, want, wait_ms, &why) : 0;
    if (c && own.data && got == want) {
        const char *del[] = {"DEL", own.data};
        freeReplyObject(redisCommandArgv(c, 2, del, NULL));
    }
    if (why.len) fprintf(stderr, "pywarden submit: %s\n", why.data);
    if (want >= 0 && got < want)
        fprintf(stderr, "pywarden submit: %ld of %ld requests answered\n", got, want);
    if (c) redisFree(c);
    pw_redis_target_free(&t);
    pw_buf_free(&why);
    pw_buf_free(&own);
    return want >= 0 && got == want && !in_failed ? 0 : 1;
}
