/* The code people really write: every snippet in tests/realistic/ (transforms, CSV, regex,
 * statistics, Decimal money, dataclasses, generators, asyncio, numpy and pandas, files in
 * and out/, printing while returning, the four entry conventions; from 55 on: typing,
 * logging, zoneinfo, hmac, struct, html/xml parsing, sqlite3 in memory and in out/,
 * tempfile, zip/tar in memory, threads, graphlib, unicode edge cases; from 113 on: abc and
 * slots hierarchies, KDFs, JSON hooks, recursion, DST edges, csv dialects, TypedDict checks,
 * the locale, pandas merges and numpy linear algebra, and runs that must fail: chained
 * exceptions, stdio exit 1, timeouts, memory, NaN in a result); from 187 on: mimetypes'
 * host tables, strict's ast formula evaluator, mkdir(exist_ok=True) in a read-only work
 * directory, help() while exploring; from 191 on: stdout re-wrapped as UTF-8, pandas' warning
 * showing the user's line, shelve in out/, a stdio script's atexit summary, escaping and URLs
 * under strict; from 196 on: a Zapier step returning `output`, a formula namespace taken from
 * __builtins__, simpleeval's expressions and asteval's statements, logging under strict; from
 * 201 on, the hosts' own shapes (n8n's _input, Zapier's input_data strings, Pipedream's
 * handler, Windmill's typed main, Airflow's callable, a Home Assistant python_script, a
 * spreadsheet formula engine) and the stdlib under the hook and seccomp: time, locale,
 * tempfile, shutil in out/, hashlib.file_digest, threads, futures, asyncio, logging and
 * warnings line numbers, traceback and inspect of the run's own code, dataclasses with
 * postponed annotations, lru_cache, sqlite3 functions, gzip, pickle of its own classes); from
 * 242 on, each checked against python3 side by side: match statements, typing's runtime hints,
 * Flag arithmetic, Decimal schedules, statistics' regression, the zone catalogue under strict,
 * csv/json through out/, re.Scanner, argparse over shlex, Template and textwrap, difflib's
 * fuzzy column mapping, heapq/bisect simulation, KDFs and uuid1, wave/struct, asyncio's
 * semaphores and timeouts, contextlib.chdir, generator throw/close, logging filters, recorded
 * warnings, exception notes and groups, box-drawing prints, numpy/pandas files in out/, a
 * doctest in stdio mode, unittest in main, sqlite adapters and read-only URIs, archives,
 * configparser/tomllib, a PNG drawn with zlib, stdin read line by line, a script testing itself
 * with doctest and unittest at its top level, pandas through sqlite); from 277 on: request
 * signing (AWS SigV4, OAuth 1), cookies and HTTP statuses, SAX and namespaced XML, plists,
 * timeit and gc, platform checks, contextvars, weakref caches, descriptors and subclass
 * registries, NDJSON, 3.11's atomic groups, calendars, gettext, dataclass patterns, codecs,
 * csv quoting, asyncio cancellation, JSON logging, MIME mail, and the host's site packages
 * under data (yaml, jwt, xmltodict, pygments, cryptography, pyparsing, dateutil), a Dify main
 * decorated without functools.wraps) run cold and warm under the policy its header names, with
 * the exact result (and stdout) it must give (the decorated main: the result Dify's
 * main(**inputs) gives it under python3).
 *
 * Header lines of a snippet, before its code:
 *   # policy: default|strict|data     # mode: main|body|stdio (optional)
 *   # entry: NAME (optional: the function to call, as Pipedream's handler)
 *   # results: lenient (optional: result_encoding; a header saying "coding:" would be
 *   #   read by Python as the file's PEP 263 source encoding)
 *   # inputs: {...} (optional)
 *   # stdout: "..." (optional, JSON)  # expect: <the result, JSON>
 *   # timeout_ms: N (optional)
 *   # error: {...} (optional: the run must fail with an error holding these members, equal;
 *   #   "message" and "traceback" need only be contained)
 * The expected values were computed by running each snippet under plain CPython 3.11. */
#include "helpers.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jsonconv.h"
#include "pywarden.h"
#include "util.h"

#define SNIPPETS PW_TEST_DIR "/realistic"

static char work[PATH_MAX];

typedef struct {
    char policy[32], mode[16], encoding[16], entry[64];
    char *inputs, *expect, *stdout_json, *error, *timeout_ms; /* point into the file's text */
} header;

/* Reads "# key: value" lines; values end at the newline (overwritten with NUL in text). */
static void parse_header(char *text, header *h)
{
    memset(h, 0, sizeof *h);
    for (char *line = text; strncmp(line, "# ", 2) == 0;) {
        char *nl = strchr(line, '\n');
        char *colon = strstr(line, ": ");
        if (!nl || !colon || colon > nl) break;
        *nl = '\0';
        char *key = line + 2, *value = colon + 2;
        size_t klen = (size_t)(colon - key);
        if (!strncmp(key, "policy", klen)) snprintf(h->policy, sizeof h->policy, "%s", value);
        if (!strncmp(key, "mode", klen)) snprintf(h->mode, sizeof h->mode, "%s", value);
        if (!strncmp(key, "results", klen)) snprintf(h->encoding, sizeof h->encoding, "%s", value);
        if (!strncmp(key, "entry", klen)) snprintf(h->entry, sizeof h->entry, "%s", value);
        if (!strncmp(key, "inputs", klen)) h->inputs = value;
        if (!strncmp(key, "expect", klen)) h->expect = value;
        if (!strncmp(key, "stdout", klen)) h->stdout_json = value;
        if (!strncmp(key, "error", klen)) h->error = value;
        if (!strncmp(key, "timeout_ms", klen)) h->timeout_ms = value;
        line = nl + 1;
    }
}

/* JSON text in one canonical form (numbers keep their text). */
static char *canonical(const cJSON *item)
{
    return item ? cJSON_PrintUnformatted(item) : pw_strdup("(missing)");
}

static char *canonical_text(const char *text)
{
    const char *why;
    cJSON *j = pw_json_parse_exact(text, &why);
    char *s = canonical(j);
    cJSON_Delete(j);
    return s;
}

/* Whether the run's error holds every member of the header's (message and traceback: as a
 * fragment). */
static bool error_matches(const cJSON *error, const char *want_text)
{
    const char *why;
    cJSON *want = pw_json_parse_exact(want_text, &why);
    bool ok = want && cJSON_IsObject(error);
    for (const cJSON *w = want ? want->child : NULL; ok && w; w = w->next) {
        const cJSON *g = cJSON_GetObjectItem(error, w->string);
        if (cJSON_IsString(w) && (!strcmp(w->string, "message") || !strcmp(w->string, "traceback")))
            ok = cJSON_IsString(g) && strstr(g->valuestring, w->valuestring);
        else
            ok = g && cJSON_Compare(g, w, true);
    }
    cJSON_Delete(want);
    return ok;
}

/* Runs one snippet; appends a line to failures when it does not give what it must. */
static void run_snippet(const char *name, bool warm, pw_buf *failures)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", SNIPPETS, name);
    char *code = pw_read_file(path, 1u << 20, NULL);
    char *text = code ? pw_strdup(code) : NULL;
    assert_non_null(text);
    header h;
    parse_header(text, &h);
    assert_non_null(h.expect);
#ifdef PW_SANITIZED /* ASan reserves terabytes of address space: RLIMIT_AS cannot apply */
    if (h.error && strstr(h.error, "\"memory_limit\"")) {
        free(text);
        free(code);
        return;
    }
#endif
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "code", code);
    cJSON_AddStringToObject(req, "policy", h.policy);
    cJSON_AddStringToObject(req, "work_dir", work);
    if (h.mode[0]) cJSON_AddStringToObject(req, "mode", h.mode);
    if (h.encoding[0]) cJSON_AddStringToObject(req, "result_encoding", h.encoding);
    if (h.entry[0]) cJSON_AddStringToObject(req, "entry", h.entry);
    if (h.inputs) cJSON_AddRawToObject(req, "inputs", h.inputs);
    if (h.timeout_ms) cJSON_AddRawToObject(req, "timeout_ms", h.timeout_ms);
    char *req_text = cJSON_PrintUnformatted(req);
    char *out = t_run_text(warm, req_text);
    const char *why;
    cJSON *r = pw_json_parse_exact(out, &why);
    char *got = canonical(cJSON_GetObjectItem(r, "result"));
    char *want = canonical_text(h.expect);
    char *got_out = canonical(cJSON_GetObjectItem(r, "stdout"));
    char *want_out = canonical_text(h.stdout_json ? h.stdout_json : "\"\"");
    bool ok = h.error ? error_matches(cJSON_GetObjectItem(r, "error"), h.error)
                      : cJSON_IsTrue(cJSON_GetObjectItem(r, "ok"));
    if (!ok || strcmp(got, want) != 0 || strcmp(got_out, want_out) != 0)
        pw_buf_appendf(failures, "%s (%s): want %s stdout %s\n  got %.2000s\n", name,
                       warm ? "warm" : "cold", want, want_out, out);
    free(got), free(want), free(got_out), free(want_out);
    cJSON_Delete(r);
    pw_free(out);
    free(req_text);
    cJSON_Delete(req);
    free(text);
    free(code);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_snippet(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 3 && strcmp(e->d_name + n - 3, ".py") == 0;
}

static void realistic_snippets_cold_and_warm(void **state)
{
    (void)state;
    struct dirent **list;
    int n = scandir(SNIPPETS, &list, is_snippet, by_name);
    assert_true(n >= 100);
    pw_buf failures = {0};
    for (int i = 0; i < n; i++) {
        for (int warm = 0; warm < 2; warm++)
            run_snippet(list[i]->d_name, warm, &failures);
        free(list[i]);
    }
    free(list);
    if (failures.len) fail_msg("%s", failures.data);
    pw_buf_free(&failures);
}

static int setup(void **state)
{
    (void)state;
    t_mkdtemp_real(work, sizeof work);
    t_write_in(work, "sales.csv",
               "region,product,amount\nnorth,widget,120.50\nsouth,gadget,99.99\n"
               "north,gizmo,15.25\neast,widget,300.00\n");
    t_write_in(work, "config.json",
               "{\"defaults\": {\"retries\": 3, \"timeout\": 10, \"debug\": false},"
               " \"prod\": {\"timeout\": 30}}\n");
    t_write_in(work, "notes.txt", "first line of notes\nsecond line here\n");
    t_write_in(work, "out", NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_pool_stop();
    t_rmtree(work);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(realistic_snippets_cold_and_warm),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
