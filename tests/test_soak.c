/* Soak: thousands of mixed requests through `pywarden serve` (ok, exception, timeout, policy
 * violation, memory bomb, output flood). After a warm-up that starts every template, the
 * RSS, fd count and process count of serve, its launcher and its templates must stay flat,
 * and nothing may be left in serve's TMPDIR or (by name) in /tmp.
 * PYWARDEN_SOAK_REQUESTS sets the count (default 2000). Label: soak. /dev/shm and /tmp are
 * shared with every other process of the machine, so only names this test asked for count. */
#include "helpers.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "zygote.h"

#define WARMUP 300
#define RSS_SLACK_KB 6144 /* malloc arenas settle; a leak of a few bytes per run is more */

enum { OK, EXCEPTION, TIMEOUT, VIOLATION, BOMB, FLOOD, KINDS };

/* One cycle of the mix, ids naming the kind; the costly kinds come once a cycle. The
 * violation tries to leave a file in /var/tmp (the run's /tmp is its own, writable under the
 * mounts layer): the soak checks none appears. */
#define OK_LINE                                                                                    \
    "{\"id\": 0, \"code\": \"def main(inputs): return {'n': inputs['n'] * 2}\", \"inputs\": "      \
    "{\"n\": 21}}"
#define EXCEPTION_LINE "{\"id\": 1, \"code\": \"raise ValueError('boom')\"}"
#define VIOLATION_LINE "{\"id\": 3, \"code\": \"open('/var/tmp/pywarden-soak-left', 'w')\"}"
static const char *const lines[] = {
    OK_LINE,
    EXCEPTION_LINE,
    VIOLATION_LINE,
    "{\"id\": 2, \"timeout_ms\": 100, \"code\": \"while True: pass\"}",
    OK_LINE,
#ifndef PW_SANITIZED /* ASan reserves terabytes of address space: RLIMIT_AS cannot apply */
    "{\"id\": 4, \"policy\": {\"extends\": \"default\", \"memory_mb\": 64}, \"code\": \"x = "
    "[]\\nwhile True: x.append(bytearray(16 << 20))\"}",
#endif
    OK_LINE,
    EXCEPTION_LINE,
    VIOLATION_LINE,
    "{\"id\": 5, \"code\": \"print('x' * (2 << 20))\\nresult = 1\"}",
    OK_LINE,
    OK_LINE,
};
#define NLINES ((int)(sizeof lines / sizeof *lines))

static int seen[KINDS];

static void check(const cJSON *a)
{
    static const char *const types[KINDS] = {
        NULL, "exception", "timeout", "policy_violation", "memory_limit", NULL};
    int kind = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(a, "id"));
    assert_true(kind >= 0 && kind < KINDS);
    seen[kind]++;
    if (types[kind])
        t_assert_error(a, types[kind], NULL);
    else
        t_assert_ok(a);
    if (kind == FLOOD)
        assert_true(
            cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "truncated"), "stdout")));
}

typedef struct {
    int n;
    pid_t pid[16];
    long rss_kb[16];
    int fds[16];
    int procs; /* descendants of serve */
} snapshot;

/* serve, its launcher and the launcher's templates (not the runs and spares: they come
 * and go; they are counted in procs). */
static void take(snapshot *s, pid_t serve, int want_procs)
{
    memset(s, 0, sizeof *s);
    s->procs = settle_descendants(serve, want_procs);
    s->pid[s->n++] = serve;
    pid_t launcher[2], tpl[14];
    assert_int_equal(t_children_of(serve, launcher, 2), 1);
    s->pid[s->n++] = launcher[0];
    int k = t_children_of(launcher[0], tpl, 14);
    for (int i = 0; i < k; i++)
        s->pid[s->n++] = tpl[i];
    for (int i = 0; i < s->n; i++) {
        s->rss_kb[i] = t_rss_kb(s->pid[i]);
        s->fds[i] = count_fds_of(s->pid[i]);
    }
}

static int count_entries(const char *path)
{
    DIR *d = opendir(path);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d) closedir(d);
    return n;
}

static void soak_mixed_requests_stay_flat(void **state)
{
    (void)state;
    const char *env = getenv("PYWARDEN_SOAK_REQUESTS");
    int total = env ? atoi(env) : 2000;
    if (total < 2 * WARMUP) total = 2 * WARMUP;
    char *tmpdir = t_mkdtemp();
    setenv("TMPDIR", tmpdir, 1); /* serve inherits it */
    server s;
    start_server(&s, (const char *[]){"--workers", "2", "--allow-inline-policies", NULL});

    double t0 = pw_now_ms();
    pump_lines(&s, lines, NLINES, WARMUP, check);
    /* launcher, the templates (default and the bomb's), the spares of each slot of each */
    int templates = 1 + (NLINES == 12);
    snapshot before, after;
    take(&before, s.pid, 1 + templates + 2 * PW_SPARES * templates);
    pump_lines(&s, lines, NLINES, total - WARMUP, check);
    take(&after, s.pid, before.procs);
    double secs = (pw_now_ms() - t0) / 1000;

    for (int k = 0; k < KINDS; k++)
#ifdef PW_SANITIZED
        if (k != BOMB)
#endif
            assert_true(seen[k] >= total / NLINES);
    assert_int_equal(after.procs, before.procs);
    assert_int_equal(after.n, before.n);
    for (int i = 0; i < before.n; i++) {
        assert_int_equal(after.pid[i], before.pid[i]); /* nothing was restarted */
        /* serve: each slot holds the next spare (pidfd, channel) of each template, or has yet
         * to read the answer that hands it over; a leak would be thousands */
        int slack = i == 0 ? 2 * 2 * templates : 0;
        assert_in_range(after.fds[i], before.fds[i] - slack, before.fds[i] + slack);
        if (after.rss_kb[i] > before.rss_kb[i] + RSS_SLACK_KB)
            fail_msg("process %d grew from %ld to %ld kB RSS", (int)after.pid[i], before.rss_kb[i],
                     after.rss_kb[i]);
    }
    printf("soak: %d requests in %.1f s; RSS kB serve %ld->%ld, launcher %ld->%ld, templates",
           total, secs, before.rss_kb[0], after.rss_kb[0], before.rss_kb[1], after.rss_kb[1]);
    for (int i = 2; i < before.n; i++)
        printf(" %ld->%ld", before.rss_kb[i], after.rss_kb[i]);
    printf("; fds serve %d; processes %d\n", after.fds[0], after.procs);

    assert_int_equal(stop_server(&s), 0);
    assert_int_equal(t_count_children(), 0);
    assert_int_equal(count_entries(tmpdir), 0);
    assert_int_equal(access("/var/tmp/pywarden-soak-left", F_OK), -1);
    t_rmtree(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(soak_mixed_requests_stay_flat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
