/* `pywarden serve`: NDJSON requests on stdin, one NDJSON answer per request on stdout, run
 * by a warm pool. Threads: one reader (stdin -> bounded queue), N workers (queue -> pool ->
 * stdout), and main, which waits for EOF to drain or for SIGTERM/SIGINT to shut down. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "commands.h"
#include "jsonconv.h"
#include "ndjson.h"
#include "pool.h"
#include "request.h"
#include "result.h"

#define DEFAULT_GRACE_MS 2000
/* After the grace: how long the answers of the runs it killed may wait for stdout's reader. */
#define DRAIN_MS 1000

static const char serve_usage[] =
    "usage: pywarden serve [--workers N] [--policy P] [--grace-ms N]\n"
    "                      [--allow-policies NAME[,NAME...]] [--allow-inline-policies]\n"
    "                      [--work-root DIR]\n"
    "\n"
    "Runs requests in warm sandboxed processes. Reads NDJSON on stdin: one request object\n"
    "per line (as for `pywarden run`) plus an optional \"id\" (any JSON value). Writes one\n"
    "line per request: the result object with the same \"id\" first. Answers may come out\n"
    "of order. A line that is not a JSON object gets an invalid_request answer with\n"
    "\"id\": null. EOF: finishes the runs in flight, answers them and exits 0; a read error\n"
    "on stdin ends the input too, and serve exits 1. SIGTERM,\n"
    "SIGINT or SIGHUP: stops reading, gives runs in flight the grace period, kills the rest\n"
    "(answer: internal, \"cancelled\") and exits 0 (1, the unread dropped, if nobody reads\n"
    "its answers by 1 s after the grace). A line {\"cancel\": ID} is not a request\n"
    "and gets no answer of its own: the requests with that id are dropped if still queued or\n"
    "killed if running, and answered with error type \"cancelled\".\n"
    "\n"
    "  --workers N    concurrent runs (default: the number of CPUs, at most 128)\n"
    "  --policy P     policy for requests that name none: a name, a path or a JSON object\n"
    "                 (default: \"default\")\n"
    "  --grace-ms N   how long runs in flight may finish after SIGTERM (default 2000)\n"
    "  --allow-policies NAME[,NAME...]\n"
    "                 the policy ceiling: policies a request may name besides --policy\n"
    "                 (default: none, every request runs under --policy)\n"
    "  --allow-inline-policies\n"
    "                 also accept inline policies and policy files that extend an allowed\n"
    "                 policy and only tighten it (default: refused)\n"
    "  --work-root DIR\n"
    "                 a request's work_dir (and so its script) and a policy file it names\n"
    "                 must be DIR or beneath it (a relative work_dir is taken from DIR);\n"
    "                 DIR when it names none\n"
    "                 (default: any work_dir; serve's cwd when it names none)\n"
    "  -h, --help     this help, and the ceiling the other options give\n"
    "\n"
    "A request over the ceiling is answered invalid_request naming the flag that would\n"
    "allow it; nothing of it runs.\n";

typedef struct job {
    cJSON *id;      /* NULL: answer with null */
    cJSON *request; /* the line's object without its id */
    pw_cancel cancel;
    struct job *next;
} job;

static struct {
    pw_pool *pool;
    pthread_mutex_t mu; /* guards the queue, running, closed, stopping, workers_left */
    /* Two conditions, so that a request wakes one idle worker, not every thread: */
    pthread_cond_t work;  /* a job was queued, or nothing more will be */
    pthread_cond_t space; /* the queue has room, or serve is stopping */
    job *head, *tail;
    job *running; /* popped by a worker, not answered yet: what a cancel line may kill */
    int queued, cap;
    bool closed;   /* nothing more will be queued */
    bool stopping; /* SIGTERM: no new run starts */
    int workers_left;
    int done_efd;           /* written when the last worker has exited */
    int stop_efd;           /* wakes the reader on shutdown */
    pthread_mutex_t out_mu; /* guards stdout and out_broken */
    bool out_broken;
    int in_errno; /* stdin's read error, written by the reader before main joins it */
    /* When (pw_now_ms) an answer stops waiting for stdout's reader: INFINITY until a stop
     * signal, for a host that never reads would otherwise hold serve's shutdown for good. */
    _Atomic double write_until;
    int until_efd; /* written when write_until moves: wakes a write waiting for stdout */
    int sigfd;     /* SIGTERM, SIGINT, SIGHUP */
} S = {.mu = PTHREAD_MUTEX_INITIALIZER,
       .work = PTHREAD_COND_INITIALIZER,
       .space = PTHREAD_COND_INITIALIZER,
       .out_mu = PTHREAD_MUTEX_INITIALIZER};

/* ---- answers ---- */

/* Stops answers waiting for stdout's reader at until (only ever sooner). */
static void limit_writes(double until)
{
    if (until < atomic_load(&S.write_until)) {
        atomic_store(&S.write_until, until);
        eventfd_write(S.until_efd, 1);
    }
}

/* A signal after the first ends the grace: runs in flight are killed, and their answers wait
 * DRAIN_MS at most for stdout's reader. */
static void hurry(void)
{
    limit_writes(pw_now_ms() + DRAIN_MS);
    pw_pool_cancel_all(S.pool);
}

/* Writes len bytes to stdout, waiting for its reader no later than S.write_until (then
 * ETIMEDOUT). Each write is of at most PIPE_BUF bytes once poll says there is room, which a
 * pipe or socket takes without blocking; one that blocked could not be given up. Once
 * stopping, a signal is taken here too (main may wait for this write): it hurries. */
static bool write_out(const char *data, size_t len)
{
    while (len > 0) {
        double until = atomic_load(&S.write_until), left = until - pw_now_ms();
        struct pollfd p[3] = {{STDOUT_FILENO, POLLOUT, 0},
                              {S.until_efd, POLLIN, 0},
                              {isinf(until) ? -1 : S.sigfd, POLLIN, 0}};
        int rc = poll(p, 3, isinf(until) ? -1 : left > 0 ? (int)ceil(left) : 0);
        if (rc < 0 && errno != EINTR) return false;
        if (p[1].revents) {
            eventfd_t moved;
            eventfd_read(S.until_efd, &moved); /* the next round takes the new limit */
        }
        struct signalfd_siginfo si;
        if (p[2].revents && read(S.sigfd, &si, sizeof si) == sizeof si) hurry();
        if (rc == 0) {
            errno = ETIMEDOUT;
            return false;
        }
        if (rc < 0 || !p[0].revents) continue;
        ssize_t n = write(STDOUT_FILENO, data, len < PIPE_BUF ? len : PIPE_BUF);
        if (n < 0 && errno != EINTR && errno != EAGAIN) return false;
        if (n > 0) {
            data += n;
            len -= (size_t)n;
        }
    }
    return true;
}

/* Writes {"id":ID, ...result members} as one line; takes result. */
static void answer(const cJSON *id, cJSON *result)
{
    char *text = pw_answer_print(id, result);
    cJSON_Delete(result);
    pw_buf line = {0};
    bool built = text && pw_buf_append(&line, text, strlen(text)) && pw_buf_putc(&line, '\n');
    free(text);
    pthread_mutex_lock(&S.out_mu);
    bool lost = !S.out_broken && (!built || !write_out(line.data, line.len));
    if (lost) {
        /* once: a full disk behind stdout is no success, nor is a reader gone */
        fprintf(stderr, "pywarden: serve: cannot write its answers to stdout: %s; stopping\n",
                !built               ? "out of memory"
                : errno != ETIMEDOUT ? strerror(errno)
                                     : "nobody read them by the end of the grace after the stop "
                                       "signal");
        S.out_broken = true;
    }
    pthread_mutex_unlock(&S.out_mu);
    pw_buf_free(&line);
    /* Nobody can read our answers any more: shut down as for SIGTERM. */
    if (lost) kill(getpid(), SIGTERM);
}

static cJSON *cancelled(void)
{
    return pw_result_fail("internal", "cancelled: pywarden serve is shutting down");
}

static void job_free(job *j)
{
    cJSON_Delete(j->id);
    cJSON_Delete(j->request);
    free(j);
}

/* ---- the reader ---- */

/* Queues j, waiting while the queue is full: that is the backpressure (stdin unread). */
static void push(job *j)
{
    pthread_mutex_lock(&S.mu);
    while (S.queued >= S.cap && !S.stopping)
        pthread_cond_wait(&S.space, &S.mu);
    bool stopping = S.stopping;
    if (!stopping) {
        if (S.tail)
            S.tail->next = j;
        else
            S.head = j;
        S.tail = j;
        S.queued++;
        pthread_cond_signal(&S.work);
    }
    pthread_mutex_unlock(&S.mu);
    if (!stopping) return;
    answer(j->id, cancelled());
    job_free(j);
}

/* Unlinks the first job whose id equals id from the list at *pp; NULL if none. */
static job *unlink_job(job **pp, const cJSON *id)
{
    for (job *j; (j = *pp); pp = &j->next)
        if (j->id && cJSON_Compare(j->id, id, true)) {
            *pp = j->next;
            j->next = NULL;
            return j;
        }
    return NULL;
}

/* {"cancel": id}: queued requests with that id are answered "cancelled" without running;
 * running ones are killed by the pool and answered by their worker. */
static void cancel_requests(const cJSON *id)
{
    job *dropped = NULL;
    pthread_mutex_lock(&S.mu);
    for (job *j; (j = unlink_job(&S.head, id));) {
        S.queued--;
        j->next = dropped;
        dropped = j;
    }
    S.tail = S.head;
    while (S.tail && S.tail->next)
        S.tail = S.tail->next;
    for (job *j = S.running; j; j = j->next)
        if (j->id && cJSON_Compare(j->id, id, true)) pw_pool_cancel(S.pool, &j->cancel);
    pthread_cond_broadcast(&S.space);
    pthread_mutex_unlock(&S.mu);
    while (dropped) {
        job *next = dropped->next;
        answer(dropped->id,
               pw_result_fail("cancelled", "cancelled by the caller before it started"));
        job_free(dropped);
        dropped = next;
    }
}

static bool is_cancel(const cJSON *obj)
{
    return obj->child && !obj->child->next && strcmp(obj->child->string, "cancel") == 0;
}

/* One line (NUL-terminated at len): a job, a cancel, or an invalid_request answer with id
 * null. */
static void handle_line(void *ctx, char *line, size_t len)
{
    (void)ctx;
    const char *why = NULL;
    cJSON *obj = NULL;
    bool text = !memchr(line, '\0', len) && pw_utf8_valid(line, len);
    if (!text)
        why = "the line is not valid UTF-8 text";
    else if (!(obj = pw_req_json(line, &why)))
        ;
    else if (!cJSON_IsObject(obj))
        why = "a request line must be a JSON object";
    if (!why && cJSON_IsObject(obj) && is_cancel(obj)) {
        cancel_requests(obj->child);
        cJSON_Delete(obj);
        return;
    }
    job *j = !why || obj ? calloc(1, sizeof *j) : NULL;
    if (!j || !cJSON_IsObject(obj)) {
        cJSON_Delete(obj);
        free(j);
        bool memory = !why || why == pw_json_no_memory;
        cJSON *id = text && !obj && !memory ? pw_json_salvage_id(line) : NULL;
        answer(id, memory ? pw_result_fail("internal", "bad request line: serve ran out of "
                                                       "memory reading it")
                          : pw_result_fail("invalid_request", "bad request line: %s", why));
        cJSON_Delete(id);
        return;
    }
    j->request = obj;
    cJSON *bad = pw_req_take_id(obj, &j->id);
    if (bad) {
        answer(j->id, bad);
        job_free(j);
        return;
    }
    push(j);
}

static void too_long(void *ctx)
{
    (void)ctx;
    answer(NULL, pw_result_fail("invalid_request", "bad request line: longer than %u bytes",
                                PW_MAX_REQUEST_BYTES));
}

static void line_lost(void *ctx)
{
    (void)ctx;
    answer(NULL, pw_result_fail("internal", "bad request line: serve ran out of memory holding "
                                            "it, and dropped it"));
}

/* false at EOF, on a read error or when asked to stop. */
static bool read_some(pw_ndjson *lr)
{
    struct pollfd p[2] = {{STDIN_FILENO, POLLIN, 0}, {S.stop_efd, POLLIN, 0}};
    if (poll(p, 2, -1) < 0) return errno == EINTR;
    if (p[1].revents) return false;
    char chunk[65536];
    ssize_t r = read(STDIN_FILENO, chunk, sizeof chunk);
    if (r < 0 && errno != EINTR && errno != EAGAIN) S.in_errno = errno;
    if (r < 0) return !S.in_errno;
    if (r > 0) pw_ndjson_feed(lr, chunk, (size_t)r);
    return r > 0;
}

/* After a stop signal: the lines the host had already written, in stdin now, are answered
 * as shutting down (push), not left unread for the host to guess whether they ran; what it
 * writes from here on is not read. */
static void drain_written(pw_ndjson *lr)
{
    int left = 0;
    if (ioctl(STDIN_FILENO, FIONREAD, &left) != 0) return;
    char chunk[65536];
    while (left > 0) {
        ssize_t r =
            read(STDIN_FILENO, chunk, (size_t)left < sizeof chunk ? (size_t)left : sizeof chunk);
        if (r <= 0) return;
        pw_ndjson_feed(lr, chunk, (size_t)r);
        left -= (int)r;
    }
}

static void *reader_main(void *arg)
{
    (void)arg;
    pw_ndjson lr = {.max_line = PW_MAX_REQUEST_BYTES,
                    .on_line = handle_line,
                    .on_too_long = too_long,
                    .on_lost = line_lost};
    while (read_some(&lr))
        ;
    pthread_mutex_lock(&S.mu);
    bool eof = !S.stopping;
    pthread_mutex_unlock(&S.mu);
    if (!eof && !S.in_errno) drain_written(&lr);
    pw_ndjson_finish(&lr, eof); /* a last line without its newline */
    pthread_mutex_lock(&S.mu);
    S.closed = true;
    pthread_cond_broadcast(&S.work);
    pthread_mutex_unlock(&S.mu);
    return NULL;
}

/* ---- workers ---- */

static job *pop(void)
{
    pthread_mutex_lock(&S.mu);
    while (!S.head && !S.closed)
        pthread_cond_wait(&S.work, &S.mu);
    job *j = S.head;
    if (j) {
        S.head = j->next;
        if (!S.head) S.tail = NULL;
        S.queued--;
        j->next = S.running;
        S.running = j;
        pthread_cond_signal(&S.space);
    }
    pthread_mutex_unlock(&S.mu);
    return j;
}

static void *worker_main(void *arg)
{
    (void)arg;
    for (job *j; (j = pop());) {
        cJSON *result = pw_pool_execute(S.pool, j->request, &j->cancel);
        pthread_mutex_lock(&S.mu);
        for (job **pp = &S.running; *pp; pp = &(*pp)->next)
            if (*pp == j) {
                *pp = j->next;
                break;
            }
        pthread_mutex_unlock(&S.mu);
        answer(j->id, result);
        job_free(j);
    }
    pthread_mutex_lock(&S.mu);
    bool last = --S.workers_left == 0;
    pthread_mutex_unlock(&S.mu);
    if (last) eventfd_write(S.done_efd, 1);
    return NULL;
}

/* ---- main: start, wait, shut down ---- */

/* SIGTERM: no new run, queued requests answered "cancelled", reader stopped. */
static void begin_stop(void)
{
    pthread_mutex_lock(&S.mu);
    S.stopping = true;
    S.closed = true;
    job *q = S.head;
    S.head = S.tail = NULL;
    S.queued = 0;
    pthread_cond_broadcast(&S.work);
    pthread_cond_broadcast(&S.space);
    pthread_mutex_unlock(&S.mu);
    while (q) {
        job *next = q->next;
        answer(q->id, cancelled());
        job_free(q);
        q = next;
    }
    eventfd_write(S.stop_efd, 1);
}

/* Waits for the workers to finish, a signal, or the end of whoever reads our answers (a
 * pipe's reader gone reports POLLERR, a socket's POLLHUP: the host died); true when they
 * finished. Sets *unread once nobody can read an answer any more. */
static bool wait_done(int timeout_ms, bool *unread)
{
    struct pollfd p[3] = {
        {S.done_efd, POLLIN, 0}, {S.sigfd, POLLIN, 0}, {*unread ? -1 : STDOUT_FILENO, 0, 0}};
    int rc;
    do
        rc = poll(p, 3, timeout_ms);
    while (rc < 0 && errno == EINTR);
    if (p[1].revents) {
        struct signalfd_siginfo si;
        if (read(S.sigfd, &si, sizeof si) < 0) return false; /* a writer took it */
    }
    if (p[2].revents & (POLLERR | POLLHUP)) *unread = true;
    return p[0].revents != 0;
}

/* EOF drains the runs in flight, SIGTERM gives them the grace period; with nobody left to
 * read their answers (the host was killed) they are killed at once, not left to run on. */
static void serve_loop(int grace_ms)
{
    bool unread = false;
    if (wait_done(-1, &unread)) return; /* EOF and drained */
    double grace_end = pw_now_ms() + grace_ms;
    limit_writes(grace_end + DRAIN_MS);
    begin_stop();
    double left = grace_end - pw_now_ms();
    if (!unread && wait_done(left > 0 ? (int)left : 0, &unread)) return;
    hurry();
    while (!wait_done(-1, &unread))
        ;
}

typedef struct {
    long workers, grace_ms;
    const char *policy;
    const char *allow_policies; /* NULL: not given */
    const char *work_root;      /* NULL: not given */
    bool allow_inline, help;
} serve_opts;

/* serve is locked to its --policy unless --allow-policies says more: its requests come from
 * whatever the host forwards (README "Policy ceiling"). */
static const char *allow_list(const char *allow_policies)
{
    return allow_policies ? allow_policies : "";
}

bool pw_serve_ceiling(pw_ceiling *c, const char *policy, const char *allow_policies,
                      bool allow_inline, pw_buf *why)
{
    return pw_ceiling_init(c, allow_list(allow_policies), allow_inline, policy, why);
}

void pw_ceiling_print(FILE *f, const pw_ceiling *c)
{
    fprintf(f, "  requests may name: ");
    for (size_t i = 0; i < c->allowed.n; i++)
        fprintf(f, "%s%s", i ? ", " : "", c->allowed.v[i]);
    fprintf(f, "%s\n  inline policies and policy files: %s\n",
            c->allowed.n ? "" : "(none; requests that name no policy get --policy)",
            c->allow_inline ? "accepted when they extend an allowed policy and only tighten it"
                            : "refused (--allow-inline-policies)");
}

/* --help: the usage, then the ceiling the other options give (or why they give none). */
static int print_help(const serve_opts *o)
{
    fputs(serve_usage, stdout);
    pw_ceiling c;
    pw_buf why = {0};
    printf("\nThe policy ceiling with these options:\n");
    if (pw_serve_ceiling(&c, o->policy, o->allow_policies, o->allow_inline, &why))
        pw_ceiling_print(stdout, &c);
    else
        printf("  none: %s\n", why.data);
    pw_ceiling_free(&c);
    pw_buf_free(&why);
    return -1;
}

/* 0 to go on, else the exit status (help printed or a usage error). */
static int parse_args(int argc, char **argv, serve_opts *o)
{
    static const struct option opts[] = {{"workers", required_argument, 0, 'w'},
                                         {"policy", required_argument, 0, 'p'},
                                         {"grace-ms", required_argument, 0, 'g'},
                                         {"allow-policies", required_argument, 0, 'a'},
                                         {"allow-inline-policies", no_argument, 0, 'i'},
                                         {"work-root", required_argument, 0, 'r'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    *o = (serve_opts){.workers = 0, .grace_ms = DEFAULT_GRACE_MS};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        if (c == 'h') {
            o->help = true;
        } else if (c == 'a') {
            if (o->allow_policies) /* a repeat is likely a mistake: say how to list several */
                return pw_usage_error(serve_usage, "give --allow-policies once: NAME,NAME...");
            o->allow_policies = optarg;
        } else if (c == 'i') {
            o->allow_inline = true;
        } else if (c == 'r') {
            if (!*optarg) return pw_usage_error(serve_usage, "--work-root takes a directory");
            o->work_root = optarg;
        } else if (c == 'w' && !pw_parse_long(optarg, 1, 128, &o->workers)) {
            return pw_usage_error(serve_usage, "--workers takes an integer from 1 to 128, not '%s'",
                                  optarg);
        } else if (c == 'g' && !pw_parse_long(optarg, 0, 3600000, &o->grace_ms)) {
            return pw_usage_error(
                serve_usage, "--grace-ms takes an integer from 0 to 3600000, not '%s'", optarg);
        } else if (c == 'p') {
            o->policy = optarg;
        } else if (c != 'w' && c != 'g') {
            return pw_usage_error(serve_usage, "unknown or incomplete option '%s'",
                                  argv[optind - 1]);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "pywarden: unexpected argument '%s'\n%s", argv[optind], serve_usage);
        return 2;
    }
    return o->help ? print_help(o) : 0;
}

/* Blocks the shutdown signals in every thread to come (main reads them from a signalfd)
 * and lets a closed stdout show as EPIPE rather than kill us. */
static int take_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP); /* its terminal or session went away: the same orderly stop */
    signal(SIGPIPE, SIG_IGN);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK); /* main and writers take from it */
}

static int run_server(const serve_opts *o)
{
    int workers = (int)o->workers;
    pthread_t reader, *threads = calloc((size_t)workers, sizeof *threads);
    S.cap = 2 * workers;
    S.workers_left = workers;
    S.done_efd = eventfd(0, EFD_CLOEXEC);
    S.stop_efd = eventfd(0, EFD_CLOEXEC);
    S.until_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    atomic_init(&S.write_until, INFINITY);
    if (!threads || S.done_efd < 0 || S.stop_efd < 0 || S.until_efd < 0) {
        fprintf(stderr, "pywarden: serve: %s: %s%s\n", threads ? "eventfd" : "calloc",
                strerror(errno), errno == EMFILE ? " (raise the open-file limit, ulimit -n)" : "");
        free(threads);
        if (S.done_efd >= 0) close(S.done_efd);
        if (S.stop_efd >= 0) close(S.stop_efd);
        if (S.until_efd >= 0) close(S.until_efd);
        return 1;
    }
    /* Threads count against a container's pids limit (or RLIMIT_NPROC): serve runs with the
     * workers it could start, and says so; without a reader or any worker it cannot. The
     * reader comes last: until it ends, no worker does, so the count of workers left holds
     * those that started before any can end (a started worker that answered every request
     * before the count was lowered left it above 0 for good, and serve waiting forever). */
    int started = 0, err = 0;
    char hint[200];
    for (; started < workers; started++)
        if ((err = pthread_create(&threads[started], NULL, worker_main, NULL)) != 0) {
            pw_fork_limit_hint(err, hint, sizeof hint);
            if (started)
                fprintf(stderr, "pywarden: serve: started %d of %d workers: %s%s\n", started,
                        workers, strerror(err), hint);
            break;
        }
    pthread_mutex_lock(&S.mu);
    S.workers_left -= workers - started;
    pthread_mutex_unlock(&S.mu);
    err = started ? pthread_create(&reader, NULL, reader_main, NULL) : err;
    if (err || started == 0) {
        pw_fork_limit_hint(err, hint, sizeof hint);
        fprintf(stderr, "pywarden: serve: cannot start its %s: %s%s\n",
                started ? "reader" : "workers", strerror(err), hint);
        begin_stop();
    } else {
        serve_loop((int)o->grace_ms);
    }
    eventfd_write(S.stop_efd, 1); /* the reader may still wait on stdin after a signal */
    if (!err) pthread_join(reader, NULL);
    /* like a lost stdout: what was read is answered, but the host's input did not end well */
    if (S.in_errno)
        fprintf(stderr, "pywarden: serve: cannot read requests from stdin: %s\n",
                strerror(S.in_errno));
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    close(S.done_efd);
    close(S.stop_efd);
    close(S.until_efd);
    return err || started == 0 || S.out_broken || S.in_errno ? 1 : 0;
}

/* Open files serve (or worker) holds at full load, with `templates` policies warm: every request of
 * a burst of 2 x workers + 2 (one in a memfd) was answered from 14 + 8 x workers on with one
 * template, and from 28 + 15 x workers on with 8 (inline policies): each worker's run holds
 * its pidfd, channel, pipes and a large request's memfd, and each template its pidfd and a
 * connection per worker. 6 more are a margin. */
static rlim_t fds_needed(long workers, long templates)
{
    return (rlim_t)(20 + 8 * workers + (templates - 1) * (2 + workers));
}

/* Fds beyond stdio open below limit (a host's leaked ones): they take numbers a worker's would,
 * and 8 of them under a limit that fitted 2 workers failed nearly every request of a burst.
 * 0 without /proc. */
static rlim_t fds_open_below(rlim_t limit)
{
    DIR *d = opendir("/proc/self/fd");
    rlim_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        long fd;
        n += pw_parse_long(e->d_name, 3, INT_MAX, &fd) && fd != dirfd(d) && (rlim_t)fd < limit;
    }
    if (d) closedir(d);
    return n;
}

/* RLIMIT_NOFILE with its soft limit raised toward the hard one as far as need, beyond the fds
 * open already (*open_now, counted below the limit then), asks. */
static struct rlimit nofile_raised(rlim_t need, rlim_t *open_now)
{
    struct rlimit r = {RLIM_INFINITY, RLIM_INFINITY};
    if (getrlimit(RLIMIT_NOFILE, &r) != 0) return *open_now = 0, r;
    need += fds_open_below(r.rlim_max);
    struct rlimit raised = {need < r.rlim_max ? need : r.rlim_max, r.rlim_max};
    if (r.rlim_cur < need && setrlimit(RLIMIT_NOFILE, &raised) == 0) r = raised;
    *open_now = fds_open_below(r.rlim_cur);
    return r;
}

/* " (N of them open already)", or "" when none is. */
static void open_already(char *out, size_t cap, rlim_t open_now)
{
    out[0] = '\0';
    if (open_now) snprintf(out, cap, " (%llu of them open already)", (unsigned long long)open_now);
}

long pw_workers_fitting_fds(long workers, const char *allow_policies, bool allow_inline,
                            pw_buf *why)
{
    long fit = workers, templates = 1 + (allow_policies && *allow_policies);
    for (const char *c = allow_policies; c && (c = strchr(c, ',')); c++)
        templates++;
    if (allow_inline || templates > PW_POOL_MAX_TEMPLATES) templates = PW_POOL_MAX_TEMPLATES;
    rlim_t open_now;
    struct rlimit r = nofile_raised(fds_needed(workers, templates), &open_now);
    while (fit > 0 && open_now + fds_needed(fit, templates) > r.rlim_cur)
        fit--;
    if (fit == workers) return workers;
    char start[64] = "cannot start even one worker", already[64];
    if (fit) snprintf(start, sizeof start, "started %ld of %ld workers", fit, workers);
    open_already(already, sizeof already, open_now);
    pw_buf_appendf(why,
                   "%s: RLIMIT_NOFILE is %llu (ulimit -n; hard limit %llu), and %ld %s "
                   "%llu open files with %ld %s warm%s",
                   start, (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max, workers,
                   workers > 1 ? "workers need" : "worker needs",
                   (unsigned long long)(open_now + fds_needed(workers, templates)), templates,
                   templates > 1 ? "policies" : "policy", already);
    return fit;
}

/* Open files a cold run takes, stdio included: its supervisor's pipes and its child's, which
 * it moves above fd 10 (every run failed under ulimit -n 13; 14 ran them). */
#define COLD_RUN_FDS 14

bool pw_cold_run_fits_fds(pw_buf *why)
{
    rlim_t open_now;
    struct rlimit r = nofile_raised(COLD_RUN_FDS, &open_now);
    if (open_now + COLD_RUN_FDS <= r.rlim_cur) return true;
    char already[64];
    open_already(already, sizeof already, open_now);
    pw_buf_appendf(why,
                   "RLIMIT_NOFILE is %llu (ulimit -n; hard limit %llu), and a cold run needs "
                   "%llu open files%s",
                   (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max,
                   (unsigned long long)(open_now + COLD_RUN_FDS), already);
    return false;
}

int pw_cmd_serve(int argc, char **argv)
{
    serve_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc) return rc < 0 ? 0 : rc;
    if (o.workers == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o.workers = n > 0 ? (n < 128 ? n : 128) : 1;
    }
    pw_buf why = {0};
    o.workers = pw_workers_fitting_fds(o.workers, o.allow_policies, o.allow_inline, &why);
    if (why.data) fprintf(stderr, "pywarden: serve: %s\n", why.data);
    pw_buf_free(&why);
    if (o.workers == 0) return 1;
    S.sigfd = take_signals();
    char *error = NULL;
    /* Before any thread: the pool forks its launcher here. */
    pw_pool_options po = {.policy = o.policy,
                          .workers = (int)o.workers,
                          .allow_policies = allow_list(o.allow_policies),
                          .allow_inline_policies = o.allow_inline,
                          .work_root = o.work_root};
    if (S.sigfd < 0) {
        fprintf(stderr, "pywarden: serve: signalfd: %s\n", strerror(errno));
        return 1;
    }
    S.pool = pw_pool_create_with(&po, &error);
    if (!S.pool) {
        fprintf(stderr, "pywarden: serve: %s\n", error ? error : "cannot start");
        free(error);
        return 1;
    }
    rc = run_server(&o);
    pw_pool_destroy(S.pool);
    close(S.sigfd);
    return rc;
}
