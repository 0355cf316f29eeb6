/* Deadline, caps, kill and reap for one run, then the result. The child is untrusted:
 * everything it sends is bounded, validated and never trusted to be well-formed. */
#include "supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "jsonconv.h"
#include "layers.h"
#include "result.h"

#define PW_HEADER_SLACK (1u << 20) /* room for the report header beside the result */
#define PW_EXIT_GRACE_MS 200.0     /* pipes may outlive the leader by this much */
#define PW_LATE_PASSES 64          /* reads of what is ready once the deadline has passed */
#define PW_NO_PIDFD_TICK_MS 5.0

typedef struct {
    int fd;
    pw_buf buf;
    size_t cap;
    bool truncated;
    /* stdio mode only: the last complete non-blank line and the line being read, and
     * whether each lost text past the result's cap */
    bool track_lines;
    pw_buf line, last_line;
    bool line_cut, last_line_cut;
} stream;

static bool is_blank(const pw_buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (!strchr(" \t\r", b->data[i])) return false;
    return true;
}

static void track_lines(stream *s, const char *data, size_t n, size_t max_line)
{
    for (size_t i = 0; i < n; i++) {
        if (data[i] != '\n') {
            if (s->line.len < max_line)
                pw_buf_putc(&s->line, data[i]);
            else if (!strchr(" \t\r", data[i]))
                s->line_cut = true;
            continue;
        }
        if (!is_blank(&s->line)) {
            pw_buf tmp = s->last_line;
            s->last_line = s->line;
            s->line = tmp;
            s->last_line_cut = s->line_cut;
        }
        s->line.len = 0;
        s->line_cut = false;
    }
}

/* At the cap: a UTF-8 sequence cut in two would be sanitised to U+FFFD and push the text
 * over the cap, so the cut moves back to the start of that character. */
static void drop_split_char(pw_buf *b)
{
    size_t i = b->len, back = 0;
    while (i > 0 && back < 4 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80)
        i--, back++;
    if (i == 0 || back >= 4) return;
    unsigned char lead = (unsigned char)b->data[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (back + 1 < need) b->len = i - 1;
}

/* Reads what is there; returns false at EOF or error. */
static bool stream_read(stream *s, size_t max_line)
{
    char chunk[65536];
    ssize_t r = read(s->fd, chunk, sizeof chunk);
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (r <= 0) return false;
    size_t room = !s->truncated && s->buf.len < s->cap ? s->cap - s->buf.len : 0;
    size_t keep = (size_t)r < room ? (size_t)r : room;
    if (keep) pw_buf_append(&s->buf, chunk, keep);
    if (keep < (size_t)r && !s->truncated) {
        s->truncated = true;
        drop_split_char(&s->buf);
    }
    if (s->track_lines) track_lines(s, chunk, (size_t)r, max_line);
    return true;
}

static void stream_free(stream *s)
{
    if (s->fd >= 0) close(s->fd);
    pw_buf_free(&s->buf);
    pw_buf_free(&s->line);
    pw_buf_free(&s->last_line);
}

typedef struct {
    stream out, err, res;
    bool timed_out, res_overflow;
    bool late;          /* past the deadline when the supervisor looked again: see watch */
    double deadline_ms; /* CLOCK_MONOTONIC */
    bool released;      /* ended by pw_run_handle.release: status and ru are not known */
    int status;
    struct rusage ru;
} observation;

static void kill_run(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
}

/* Without pidfds (old kernels, Valgrind) the loop polls for the leader's exit. */
static bool leader_exited(pid_t pid)
{
    siginfo_t info = {0};
    return waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

/* JSON the child sent (a progress record, the report's header) as a tree, checked as a
 * result text is (UTF-8, RFC 8259, no key twice) and held to max_values: code that found the
 * nonce may write it, what it holds reaches the answer, and a tree costs ~100 bytes a value
 * (17 MB of [0,0,...] in one record held 1.8 GB of the supervisor's memory). The child's own
 * stay far below: a header holds at most ~600 values (100 violations), a record ~10. */
#define PW_HEADER_MAX_VALUES 4096
#define PW_RECORD_MAX_VALUES 64

static cJSON *parse_child_json(const char *text, size_t len, size_t max_values)
{
    char *copy = strndup(text, len);
    const char *why;
    char *checked = copy ? pw_json_compact_capped(copy, max_values, &why) : NULL;
    cJSON *tree = checked ? cJSON_Parse(checked) : NULL;
    free(checked);
    free(copy);
    return tree;
}

/* A progress record the child streamed while the run went on: {"layers": [...]} once the
 * layers are in force, {"violation": {...}} for each refusal. A run that is killed later
 * still reports them. Only the first layers record counts: the child writes it before any
 * user code runs, so code that has read the nonce from its own memory can add records but
 * not change which layers held it, nor list more violations than the child would. */
static void apply_progress(cJSON *result, const char *start, const char *end, bool *layers_seen)
{
    cJSON *rec = parse_child_json(start, (size_t)(end - start), PW_RECORD_MAX_VALUES);
    const cJSON *layers = cJSON_GetObjectItem(rec, "layers");
    const cJSON *violation = cJSON_GetObjectItem(rec, "violation");
    cJSON *stats = cJSON_GetObjectItem(result, "stats");
    if (cJSON_IsArray(layers) && !*layers_seen) {
        cJSON_ReplaceItemInObject(stats, "layers", cJSON_Duplicate(layers, 1));
        *layers_seen = true;
    }
    cJSON *list = cJSON_GetObjectItem(result, "violations");
    if (cJSON_IsObject(violation) && cJSON_GetArraySize(list) < PW_MAX_VIOLATIONS)
        cJSON_AddItemToArray(list, cJSON_Duplicate(violation, 1));
    cJSON_Delete(rec);
}

typedef enum { CHANNEL_PROGRESS, CHANNEL_REPORT, CHANNEL_FORGED } channel_state;

/* The result channel holds progress records "<nonce>:<json>\n", then the report
 * "<nonce>\n<header>\n<result>". Anything that does not start with the run's nonce was
 * written by user code (fd 3 is reachable from Python, open(3, "wb") under any policy): never
 * trust it, and void the report. The child's own records after such bytes still count (they
 * start at the nonce, which user code cannot write): one byte written first must not hide the
 * violations of a run that is then killed. Applies the progress records to result when it is
 * not NULL; *report is the text after the report's nonce line. */
static channel_state scan_channel(const observation *ob, const char *nonce, char **report,
                                  cJSON *result, bool *layers_seen)
{
    size_t n = strlen(nonce);
    char *p = ob->res.buf.data, *end = p + ob->res.buf.len;
    bool forged = false;
    while (p && p < end) {
        bool at_nonce = (size_t)(end - p) > n && memcmp(p, nonce, n) == 0;
        if (at_nonce && p[n] == ':') {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            if (!nl) break; /* cut off mid-record by the kill */
            if (result) apply_progress(result, p + n + 1, nl, layers_seen);
            p = nl + 1;
            continue;
        }
        if (at_nonce && p[n] == '\n') {
            if (forged) break; /* the report, void after bytes of the run's own */
            *report = p + n + 1;
            return CHANNEL_REPORT;
        }
        if ((size_t)(end - p) <= n && memcmp(p, nonce, (size_t)(end - p)) == 0) break; /* cut */
        forged = true;
        p = memmem(p + 1, (size_t)(end - p - 1), nonce, n);
    }
    return forged ? CHANNEL_FORGED : CHANNEL_PROGRESS;
}

/* The result channel holds the nonce line and the header line: the child got as far as
 * its report (its header says how the run ended), so its exit status adds nothing. */
static bool report_complete(observation *ob, const char *nonce)
{
    char *text;
    return scan_channel(ob, nonce, &text, NULL, NULL) == CHANNEL_REPORT &&
           memchr(text, '\n', ob->res.buf.len - (size_t)(text - ob->res.buf.data)) != NULL;
}

/* The command's stdout, watched beside a cold run (pw_supervise_cold_watch). */
static int reader_fd = -1;
static void (*reader_gone)(int sig);

static void watch(pw_run_handle *h, const pw_req *req, observation *ob)
{
    double deadline = h->deadline_ms ? h->deadline_ms : pw_now_ms() + (double)req->timeout_ms;
    double exit_deadline = 0;
    stream *streams[3] = {&ob->out, &ob->err, &ob->res};
    bool open_[3] = {true, true, true};
    bool exited = false, drained = false;
    int late_passes = 0;
    ob->deadline_ms = deadline;
    for (;;) {
        struct pollfd pfd[5];
        stream *who[5];
        nfds_t n = 0;
        for (int i = 0; i < 3; i++)
            if (open_[i]) {
                pfd[n] = (struct pollfd){.fd = streams[i]->fd, .events = POLLIN};
                who[n++] = streams[i];
            }
        /* Released whether or not its exit was seen first (this process may have been
         * stopped or not scheduled meanwhile): a reap would wait for its template. */
        if (n == 0 && h->release && report_complete(ob, h->nonce)) {
            ob->released = true;
            break;
        }
        if (n == 0 && exited) break;
        if (!exited && h->pidfd >= 0) pfd[n++] = (struct pollfd){.fd = h->pidfd, .events = POLLIN};
        if (!exited && reader_fd >= 0)
            pfd[n++] = (struct pollfd){.fd = reader_fd}; /* errors only */
        if (!exited && h->pidfd < 0 && leader_exited(h->pid)) {
            exited = true;
            exit_deadline = pw_now_ms() + PW_EXIT_GRACE_MS;
            kill_run(h->pid);
            continue; /* with its pipes already closed, done now, not after the grace */
        }
        double now = pw_now_ms();
        /* Past the deadline, what the run wrote before it is read first (this process may
         * have been stopped or not scheduled while the run ended): build_result keeps a run
         * whose report says it ended in time. Bounded, for a run that keeps writing. */
        if (now >= deadline && (drained || late_passes++ >= PW_LATE_PASSES)) {
            ob->timed_out = true;
            break;
        }
        ob->late = now >= deadline;
        if (exited && now >= exit_deadline) break;
        double until = exited && exit_deadline < deadline ? exit_deadline : deadline;
        if (h->pidfd < 0 && !exited && until > now + PW_NO_PIDFD_TICK_MS)
            until = now + PW_NO_PIDFD_TICK_MS;
        int rc = poll(pfd, n, ob->late ? 0 : (int)(until - now) + 1);
        if (rc < 0 && errno != EINTR) break;
        drained = ob->late && rc == 0;
        for (nfds_t i = 0; rc > 0 && i < n; i++) {
            if (!pfd[i].revents) continue;
            if (pfd[i].fd == reader_fd) { /* POLLERR on a pipe, POLLHUP on a socket */
                reader_fd = -1;
                reader_gone(SIGPIPE);
                continue;
            }
            if (pfd[i].fd == h->pidfd) {
                exited = true;
                exit_deadline = pw_now_ms() + PW_EXIT_GRACE_MS;
                kill_run(h->pid); /* whatever of the run outlives its leader */
                continue;
            }
            int idx = who[i] == &ob->out ? 0 : who[i] == &ob->err ? 1 : 2;
            if (!stream_read(who[i], req->policy.max_result_bytes)) open_[idx] = false;
        }
        if (ob->res.truncated) {
            ob->res_overflow = true;
            break;
        }
    }
    kill_run(h->pid);
    if (ob->released)
        h->release(h->reap_ctx, h->pid);
    else if (!h->reap(h->reap_ctx, h->pid, &ob->status, &ob->ru))
        ob->status = -1;
}

/* ---- turning an observation into a result ---- */

/* A captured stream as text. The cap counts the bytes read, but a byte that is not UTF-8
 * text (NUL, 0xFF) becomes U+FFFD, three bytes: the text is cut again, at the last whole
 * character within the cap, so stdout and stderr stay within max_output_bytes as text too. */
static void set_stream(cJSON *obj, const char *key, stream *st)
{
    char *s = pw_utf8_sanitize(st->buf.data ? st->buf.data : "", st->buf.len);
    size_t n = s ? strlen(s) : 0; /* no NUL inside: NULs became U+FFFD */
    if (n > st->cap) {
        n = st->cap;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        s[n] = '\0';
        st->truncated = true;
    }
    cJSON_ReplaceItemInObject(obj, key, cJSON_CreateString(s ? s : ""));
    free(s);
}

/* A number >= 0 the child reported, else 0. */
static double reported(const cJSON *header, const char *key)
{
    double v =
        cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(header, "rusage"), key));
    return v >= 0 && v < 1e12 ? v : 0; /* also false for NaN */
}

static void fill_stats(cJSON *result, const observation *ob, const char *mode, double wall_ms,
                       const cJSON *header, bool layers_seen)
{
    cJSON *stats = cJSON_GetObjectItem(result, "stats");
    double cpu = (double)(ob->ru.ru_utime.tv_sec + ob->ru.ru_stime.tv_sec) * 1e3 +
                 (double)(ob->ru.ru_utime.tv_usec + ob->ru.ru_stime.tv_usec) / 1e3;
    double rss = (double)ob->ru.ru_maxrss;
    if (ob->released) {
        cpu = reported(header, "cpu_ms");
        rss = reported(header, "max_rss_kb");
    }
    cJSON_ReplaceItemInObject(stats, "wall_ms",
                              cJSON_CreateNumber((double)(long)(wall_ms * 1000) / 1000));
    cJSON_ReplaceItemInObject(stats, "cpu_ms",
                              cJSON_CreateNumber((double)(long)(cpu * 1000) / 1000));
    cJSON_ReplaceItemInObject(stats, "max_rss_kb", cJSON_CreateNumber((double)(long)rss));
    cJSON_ReplaceItemInObject(stats, "mode", cJSON_CreateString(mode));
    /* The header's list only when the child stopped before user code (a layer failed). */
    const cJSON *layers = cJSON_GetObjectItem(header, "layers");
    if (cJSON_IsArray(layers) && !layers_seen)
        cJSON_ReplaceItemInObject(stats, "layers", cJSON_Duplicate(layers, 1));
}

/* A JSON text the child sent, checked and compacted (pw_json_compact) before it is passed
 * on; NULL with why. */
static cJSON *checked_raw(const char *text, const char **why)
{
    char *compact = pw_json_compact(text, why);
    cJSON *raw = compact ? cJSON_CreateRaw(compact) : NULL;
    if (compact && !raw) *why = "out of memory";
    free(compact);
    return raw;
}

static cJSON *signal_error(int sig, const pw_req *req)
{
    if (sig == SIGXCPU) {
        long cpu_s = pw_rlimit_cpu_s(req->policy.cpu_s);
        cJSON *e =
            cpu_s == req->policy.cpu_s
                ? pw_error_new("cpu_limit", "the run used up its CPU time (cpu_s %ld)", cpu_s)
                : pw_error_new("cpu_limit",
                               "the run used up its CPU time (%ld s: the host's "
                               "RLIMIT_CPU is below the policy's cpu_s, %ld)",
                               cpu_s, req->policy.cpu_s);
        cJSON_AddNumberToObject(e, "limit_s", (double)cpu_s);
        return e;
    }
    /* pywarden's own kills say timeout, output_limit or cancelled: this one came from outside;
     * a SIGSEGV, which python3 reports as bare, says what it nearly always is */
    cJSON *e =
        sig == SIGKILL
            ? pw_error_new("crashed",
                           "the run was killed by signal 9 (Killed), not by pywarden: the "
                           "kernel's OOM killer does this when the memory limit of the host "
                           "or of a container (cgroup) is below the policy's memory_mb "
                           "(%ld), else another process did",
                           req->policy.memory_mb)
        : sig == SIGSEGV
            ? pw_error_new("crashed",
                           "the run was killed by signal 11 (Segmentation fault): in Python code "
                           "that is most often its C stack overflowing, a recursion (of calls, "
                           "or of json.dumps, repr, copy or pickle through nested data) deeper "
                           "than the stack holds once sys.setrecursionlimit was raised; python3 "
                           "dies of it the same way")
        : sig == SIGSYS
            ? pw_error_new("crashed",
                           "the run was killed by signal 31 (Bad system call): by pywarden's "
                           "seccomp layer for a 32-bit system call, or, where every run ends "
                           "so, by a seccomp filter of the host's that kills a call the layers "
                           "make (systemd's SystemCallFilter=; `pywarden doctor` names it)")
            : pw_error_new("crashed", "the run was killed by signal %d (%s)", sig, strsignal(sig));
    cJSON_AddNumberToObject(e, "signal", sig);
    return e;
}

static cJSON *result_over_cap(size_t max_result_bytes)
{
    cJSON *e =
        pw_error_new("output_limit", "the result is over max_result_bytes (%zu)", max_result_bytes);
    cJSON_AddStringToObject(e, "stream", "result");
    return e;
}

/* The last line is not JSON: said with its start, and the likely cause when it only closes a
 * value (JSON printed over several lines: json.dumps with indent). */
static cJSON *not_a_result_line(const char *line, const char *why)
{
    const char *s = line + strspn(line, " \t\r");
    bool closing = (*s == '}' || *s == ']') && s[1 + strspn(s + 1, " \t\r,")] == '\0';
    char *start = pw_utf8_sanitize(s, strnlen(s, 60));
    cJSON *e = pw_error_new("invalid_result",
                            "mode stdio: the last non-empty line of stdout is not JSON pywarden "
                            "passes on: %s (it reads '%s%s')%s",
                            why, start ? start : "", strlen(s) > 60 ? "..." : "",
                            closing ? "; the result is read from that one line: print it on one "
                                      "line (json.dumps without indent)"
                                    : "");
    free(start);
    return e;
}

static void apply_stdio(cJSON *result, const cJSON *header, observation *ob,
                        size_t max_result_bytes)
{
    /* An int of the child's; a forged header may hold anything there (NaN: fuzz_report) */
    const cJSON *exit = cJSON_GetObjectItem(header, "stdio_exit");
    double d = cJSON_IsNumber(exit) ? exit->valuedouble : 0;
    long status = d >= -2147483648.0 && d <= 2147483647.0 ? (long)d : 1;
    stream *s = &ob->out;
    bool current = !is_blank(&s->line);
    pw_buf *line = current ? &s->line : &s->last_line;
    bool cut = current ? s->line_cut : s->last_line_cut;
    pw_buf_putc(line, '\0');
    const char *why = NULL;
    cJSON *raw = line->len > 1 && !cut ? checked_raw(line->data, &why) : NULL;
    if (raw) cJSON_ReplaceItemInObject(result, "result", raw);
    if (status != 0) {
        /* sys.exit("fatal: no config") says why; the host shows the message, not stderr */
        const char *said = cJSON_GetStringValue(cJSON_GetObjectItem(header, "stdio_exit_message"));
        size_t n = said ? strnlen(said, PW_EXIT_MESSAGE_SHOWN + 1) : 0;
        size_t keep = n > PW_EXIT_MESSAGE_SHOWN ? PW_EXIT_MESSAGE_SHOWN : n;
        while (keep > 0 && keep < n && ((unsigned char)said[keep] & 0xC0) == 0x80)
            keep--; /* cut at a character */
        char *why_exit = said ? pw_utf8_sanitize(said, keep) : NULL;
        cJSON *e =
            pw_error_new("exception", "the script exited with status %ld%s%s%s", status,
                         why_exit ? ": " : "", why_exit ? why_exit : "", keep < n ? "..." : "");
        free(why_exit);
        cJSON_AddStringToObject(e, "exception", "SystemExit");
        cJSON_AddNumberToObject(e, "exit_status", (double)status);
        pw_result_set_error(result, e);
    } else if (cut) { /* as in the other modes, not a parse error of the text kept */
        pw_result_set_error(result, result_over_cap(max_result_bytes));
    } else if (!raw) {
        cJSON *e = line->len > 1 ? not_a_result_line(line->data, why)
                                 : pw_error_new("invalid_result",
                                                "mode stdio: the script printed nothing; it "
                                                "prints its result as JSON, on the last line");
        cJSON_AddStringToObject(e, "path", "stdout");
        cJSON_AddStringToObject(e, "python_type", "str");
        pw_result_set_error(result, e);
    } else {
        cJSON_ReplaceItemInObject(result, "ok", cJSON_CreateBool(1));
    }
}

/* What the header passes on keeps the answer's shape: violations a list of objects, at most
 * the child's PW_MAX_VIOLATIONS, an error an object with a string message (pywarden's child
 * always writes one; a header written by code that found the nonce, forged, may not). */
static bool report_shape_ok(const cJSON *violations, const cJSON *err)
{
    const cJSON *v, *list = cJSON_IsArray(violations) ? violations : NULL;
    if (cJSON_GetArraySize(list) > PW_MAX_VIOLATIONS) return false;
    cJSON_ArrayForEach(v, list)
    {
        if (!cJSON_IsObject(v)) return false;
    }
    return !cJSON_IsObject(err) || cJSON_IsString(cJSON_GetObjectItem(err, "message"));
}

/* Applies the child's report (text: its header line + result text, as scan_channel found
 * it); false if there is none. */
static bool apply_report(cJSON *result, observation *ob, char *text, cJSON **header_out,
                         size_t max_result_bytes)
{
    if (!text) return false;
    char *nl = memchr(text, '\n', ob->res.buf.len - (size_t)(text - ob->res.buf.data));
    if (!nl) return false;
    cJSON *header = parse_child_json(text, (size_t)(nl - text), PW_HEADER_MAX_VALUES);
    *header_out = header;
    const cJSON *violations = cJSON_GetObjectItem(header, "violations");
    const cJSON *err = cJSON_GetObjectItem(header, "error");
    if (!cJSON_IsObject(header) || !report_shape_ok(violations, err)) {
        pw_result_set_error(result, pw_error_new("internal", "the run sent a malformed report"));
        return true;
    }
    if (cJSON_IsArray(violations))
        cJSON_ReplaceItemInObject(result, "violations", cJSON_Duplicate(violations, 1));
    const cJSON *type = cJSON_GetObjectItem(err, "type");
    if (cJSON_IsObject(err)) {
        bool known = cJSON_IsString(type) && pw_error_type_known(type->valuestring);
        pw_result_set_error(result,
                            known ? cJSON_Duplicate(err, 1)
                                  : pw_error_new("internal", "the run sent an unknown error"));
        return true;
    }
    if (cJSON_GetObjectItem(header, "stdio_exit")) {
        apply_stdio(result, header, ob, max_result_bytes);
        return true;
    }
    const char *why = NULL;
    cJSON *raw = checked_raw(nl + 1, &why);
    if (!raw) {
        pw_result_set_error(
            result, pw_error_new("internal", "the run sent a result that is not JSON: %s", why));
        return true;
    }
    cJSON_ReplaceItemInObject(result, "result", raw);
    cJSON_ReplaceItemInObject(result, "ok", cJSON_CreateBool(1));
    return true;
}

/* A module the run could not import but the host has: say which policy key adds it. */
static void add_module_hint(cJSON *result, const pw_req *req)
{
    cJSON *err = cJSON_GetObjectItem(result, "error");
    const char *module = cJSON_GetStringValue(cJSON_GetObjectItem(err, "module"));
    const char *message = cJSON_GetStringValue(cJSON_GetObjectItem(err, "message"));
    char *dir = module && message ? pw_req_code_dir(req->work_dir, req->filename) : NULL;
    char *hint = dir ? pw_policy_module_hint(&req->policy, module, dir) : NULL;
    free(dir);
    pw_buf text = {0};
    if (hint && pw_buf_appendf(&text, "%s%s", message, hint))
        cJSON_ReplaceItemInObject(err, "message", cJSON_CreateString(text.data));
    pw_buf_free(&text);
    free(hint);
}

/* The internal error of a run that could not be set up: the first line it wrote to stderr
 * ("pywarden: fds: ..."), without its "pywarden: " prefix. */
static cJSON *setup_failed(const pw_buf *err)
{
    const char *text = err->data ? err->data : "";
    size_t len = strnlen(text, err->len);
    const char *nl = memchr(text, '\n', len);
    if (nl) len = (size_t)(nl - text);
    static const char prefix[] = "pywarden: ";
    if (len >= sizeof prefix - 1 && memcmp(text, prefix, sizeof prefix - 1) == 0) {
        text += sizeof prefix - 1;
        len -= sizeof prefix - 1;
    }
    if (len > 300) len = 300;
    return pw_error_new("internal", "the run could not be set up: %.*s", (int)len,
                        len ? text : "its fds layer failed");
}

/* The report's header says the run ended by the deadline (the supervisor looked late). */
static bool ended_in_time(const observation *ob, const char *report)
{
    const char *nl = memchr(report, '\n', ob->res.buf.len - (size_t)(report - ob->res.buf.data));
    cJSON *header =
        nl ? parse_child_json(report, (size_t)(nl - report), PW_HEADER_MAX_VALUES) : NULL;
    const cJSON *ended = cJSON_GetObjectItem(header, "ended_ms");
    bool in_time = cJSON_IsNumber(ended) && ended->valuedouble <= ob->deadline_ms;
    cJSON_Delete(header);
    return in_time;
}

/* A run that wrote to its result channel or took it away: a policy_violation however it
 * ended, so that the refusals it may have hidden still raise the host's alarm. */
static cJSON *channel_violation(const char *message)
{
    cJSON *e = pw_error_new("policy_violation", "%s", message);
    cJSON_AddStringToObject(e, "event", "result_channel");
    cJSON_AddStringToObject(e, "detail", "fd 3");
    return e;
}

static cJSON *build_result(observation *ob, const pw_req *req, const char *mode, const char *nonce,
                           double wall_ms)
{
    cJSON *result = pw_result_new();
    if (!result) return pw_result_fail("internal", "out of memory");
    set_stream(result, "stdout", &ob->out);
    set_stream(result, "stderr", &ob->err);
    cJSON *trunc = cJSON_GetObjectItem(result, "truncated");
    cJSON_ReplaceItemInObject(trunc, "stdout", cJSON_CreateBool(ob->out.truncated));
    cJSON_ReplaceItemInObject(trunc, "stderr", cJSON_CreateBool(ob->err.truncated));
    cJSON *header = NULL;
    char *report = NULL;
    bool layers_seen = false; /* the report, if any, replaces what it says but the layers */
    channel_state state = scan_channel(ob, nonce, &report, result, &layers_seen);
    if (ob->late && !ob->timed_out && state != CHANNEL_FORGED)
        ob->timed_out = !(state == CHANNEL_REPORT && ended_in_time(ob, report));
    bool signaled = ob->status >= 0 && WIFSIGNALED(ob->status);
    if (state == CHANNEL_FORGED) { /* however the run ended, killed after it too */
        pw_result_set_error(result, channel_violation("the run wrote to pywarden's result "
                                                      "channel; its report is void"));
    } else if (ob->timed_out) {
        cJSON *e = pw_error_new("timeout", "the run passed its %ld ms deadline and was killed",
                                req->timeout_ms);
        cJSON_AddNumberToObject(e, "timeout_ms", (double)req->timeout_ms);
        pw_result_set_error(result, e);
    } else if (ob->res_overflow) {
        pw_result_set_error(result, result_over_cap(req->policy.max_result_bytes));
    } else if (signaled && WTERMSIG(ob->status) == SIGXCPU) {
        pw_result_set_error(result, signal_error(SIGXCPU, req));
    } else if (apply_report(result, ob, state == CHANNEL_REPORT ? report : NULL, &header,
                            req->policy.max_result_bytes)) {
        add_module_hint(result, req); /* the report said what happened */
    } else if (signaled) {
        pw_result_set_error(result, signal_error(WTERMSIG(ob->status), req));
    } else {
        int code = ob->status >= 0 && WIFEXITED(ob->status) ? WEXITSTATUS(ob->status) : -1;
        if (code == PW_EXIT_SETUP_FAILED && !layers_seen) {
            /* its fds layer failed before any layer or user code (an open-file limit too
             * low for its pipes): pywarden's failure, with the reason the run wrote */
            pw_result_set_error(result, setup_failed(&ob->err.buf));
        } else if (code == PW_EXIT_CHANNEL_LOST && layers_seen) {
            /* its code could exit 125 itself: the status stays in the answer */
            cJSON *e = channel_violation("the run closed or replaced pywarden's result channel "
                                         "(fd 3); refusals after that could not be reported");
            cJSON_AddNumberToObject(e, "exit_status", code);
            pw_result_set_error(result, e);
        } else {
            cJSON *e = pw_error_new("crashed",
                                    "the run exited with status %d before sending a result", code);
            cJSON_AddNumberToObject(e, "exit_status", code);
            pw_result_set_error(result, e);
        }
    }
    fill_stats(result, ob, mode, wall_ms, header, layers_seen);
    cJSON_Delete(header);
    return result;
}

/* Whether the run's answer lists layer among those that held it. */
static bool reports_layer(const cJSON *result, pw_layer layer)
{
    const cJSON *name;
    cJSON_ArrayForEach(name, cJSON_GetObjectItem(cJSON_GetObjectItem(result, "stats"), "layers"))
    {
        if (!strcmp(cJSON_GetStringValue(name) ? name->valuestring : "", pw_layer_name(layer)))
            return true;
    }
    return false;
}

/* Until the leader of a run that was SIGKILLed has exited (a bounded wait). */
static void wait_gone(const pw_run_handle *h)
{
    double until = pw_now_ms() + PW_EXIT_GRACE_MS;
    struct pollfd p = {.fd = h->pidfd, .events = POLLIN};
    while (pw_now_ms() < until && (h->pidfd >= 0 ? poll(&p, 1, (int)(until - pw_now_ms()) + 1) == 0
                                                 : !leader_exited(h->pid)))
        if (h->pidfd < 0) usleep(1000);
}

cJSON *pw_supervise_watch(pw_run_handle *h, const pw_req *req, double start_ms)
{
    observation ob = {
        .out = {.fd = h->out_r, .cap = req->policy.max_output_bytes, .track_lines = req->stdio},
        .err = {.fd = h->err_r, .cap = req->policy.max_output_bytes},
        .res = {.fd = h->res_r, .cap = req->policy.max_result_bytes + PW_HEADER_SLACK},
    };
    watch(h, req, &ob);
    cJSON *result = build_result(&ob, req, h->mode, h->nonce, pw_now_ms() - start_ms);
    if (req->tmp_dir && !reports_layer(result, PW_LAYER_MOUNTS)) {
        if (ob.released) wait_gone(h); /* warm: SIGKILLed, maybe not yet gone */
        /* a run fills it for at most its timeout; a process that outlived it for longer */
        pw_hosttmp_remove(req->tmp_dir, pw_now_ms() + (double)req->timeout_ms);
    }
    stream_free(&ob.out);
    stream_free(&ob.err);
    stream_free(&ob.res);
    if (h->pidfd >= 0) close(h->pidfd);
    return result;
}

/* ---- cold mode: we are the parent ---- */

/* The cold run in flight, and whether pw_supervise_cold_stop was called (a signal handler). */
static volatile sig_atomic_t cold_pid, cold_stopped;

static bool reap_child(void *ctx, pid_t pid, int *status, struct rusage *ru)
{
    (void)ctx;
    cold_pid = 0; /* SIGKILLed already; once reaped, its pid may be another process's */
    pid_t r;
    do
        r = wait4(pid, status, 0, ru);
    while (r < 0 && errno == EINTR);
    return r == pid;
}

static void close_pair(int p[2])
{
    if (p[0] >= 0) close(p[0]);
    if (p[1] >= 0) close(p[1]);
}

void pw_supervise_cold_watch(int fd, void (*gone)(int sig))
{
    reader_fd = fd;
    reader_gone = gone;
}

void pw_supervise_cold_stop(void)
{
    cold_stopped = 1;
    if (cold_pid > 0) kill_run(cold_pid);
}

/* pw_supervise_cold once the run's temporary directory is named and leased. */
static cJSON *cold(const pw_req *run, int lease_fd, double start)
{
    int out[2] = {-1, -1}, err[2] = {-1, -1}, res[2] = {-1, -1};
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(res, O_CLOEXEC)) {
        int e = errno;
        close_pair(out), close_pair(err), close_pair(res);
        return pw_result_fail("internal", "pipe2: %s", strerror(e));
    }
    pw_mounts_prepare();
    pw_child_pipes pipes = {out[1], err[1], res[1], getpid(), {0}};
    if (!pw_nonce_new(pipes.nonce)) {
        close_pair(out), close_pair(err), close_pair(res);
        return pw_result_fail("internal", "getrandom: %s", strerror(errno));
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(out[0]), close(err[0]), close(res[0]);
        if (lease_fd >= 0) close(lease_fd); /* the lock stays with the supervisor's */
        pw_child_main(run, &pipes);
    }
    close(out[1]), close(err[1]), close(res[1]);
    cold_pid = pid > 0 ? pid : 0;
    if (cold_stopped && pid > 0) kill_run(pid); /* stopped before cold_pid named it */
    int pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
    /* ENOSYS before Linux 5.3, EPERM from a container profile older than the call: polled */
    if (pid < 0 || (pidfd < 0 && errno != ENOSYS && errno != EPERM)) {
        int e = errno;
        cold_pid = 0;
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            if (run->tmp_dir) pw_hosttmp_remove(run->tmp_dir, pw_now_ms() + PW_EXIT_GRACE_MS);
        }
        close(out[0]), close(err[0]), close(res[0]);
        return pw_result_fail("internal", "%s: %s", pid < 0 ? "fork" : "pidfd_open", strerror(e));
    }
    setpgid(pid, pid); /* also done by the child: whichever runs first wins the race */
    pw_run_handle h = {.pid = pid,
                       .pidfd = pidfd,
                       .out_r = out[0],
                       .err_r = err[0],
                       .res_r = res[0],
                       .mode = "cold",
                       .reap = reap_child};
    memcpy(h.nonce, pipes.nonce, sizeof h.nonce);
    return pw_supervise_watch(&h, run, start);
}

cJSON *pw_supervise_cold(const pw_req *req)
{
    double start = pw_now_ms();
    /* Where the run keeps its temporary files should it have no private /tmp, and a lease on
     * it, so that a later run removes it should this process be SIGKILLed. Before the pipes:
     * the sweep of earlier leases takes fds of its own. */
    char tmp_dir[PW_HOSTTMP_MAX], lease[PW_HOSTTMP_MAX];
    pw_req run = *req;
    run.tmp_dir =
        req->policy.tmp_mb > 0 && pw_hosttmp_name(tmp_dir, sizeof tmp_dir) ? tmp_dir : NULL;
    int lease_fd = run.tmp_dir && pw_child_needs_host_tmp(&req->policy)
                       ? pw_hosttmp_lease(run.tmp_dir, lease)
                       : -1;
    cJSON *result = cold(&run, lease_fd, start);
    pw_hosttmp_release(lease_fd, lease);
    return result;
}
