/* Test helpers over the public API and the real binary. */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pywarden.h"
#include "util.h"
#include "zygote.h"

cJSON *t_run_in(pw_pool *pool, const char *request_json)
{
    char *out = pool ? pw_pool_run(pool, request_json) : pw_run(request_json);
    assert_non_null(out);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("pw_run returned invalid JSON: %s", out);
    pw_free(out);
    return r;
}

cJSON *t_run(const char *request_json)
{
    return t_run_in(NULL, request_json);
}

char *t_request_text(const char *code, const char *inputs_json, const char *extra_json)
{
    cJSON *req = extra_json ? cJSON_Parse(extra_json) : cJSON_CreateObject();
    assert_non_null(req);
    cJSON_AddStringToObject(req, "code", code);
    if (inputs_json) {
        cJSON *in = cJSON_CreateRaw(inputs_json);
        cJSON_AddItemToObject(req, "inputs", in);
    }
    char *text = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
    return text;
}

cJSON *t_run_code(const char *code, const char *inputs_json, const char *extra_json)
{
    char *text = t_request_text(code, inputs_json, extra_json);
    cJSON *r = t_run(text);
    free(text);
    return r;
}

static pw_pool *test_pool; /* t_run_code_in's and t_run_text's warm runs */

void t_pool_stop(void)
{
    if (test_pool) pw_pool_destroy(test_pool);
    test_pool = NULL;
}

static pw_pool *shared_pool(void)
{
    char *error = NULL;
    if (!test_pool && !(test_pool = pw_pool_create(NULL, 1, &error)))
        fail_msg("pw_pool_create: %s", error ? error : "?");
    return test_pool;
}

char *t_run_text(bool warm, const char *request_json)
{
    char *out = warm ? pw_pool_run(shared_pool(), request_json) : pw_run(request_json);
    assert_non_null(out);
    return out;
}

cJSON *t_run_code_in(bool warm, const char *code, const char *inputs_json, const char *extra_json)
{
    return warm ? t_pool_run_code(shared_pool(), code, inputs_json, extra_json)
                : t_run_code(code, inputs_json, extra_json);
}

pw_pool *t_pool_with_switches(const char *disable, int workers)
{
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", disable, 1);
    char *error = NULL;
    pw_pool *pool = pw_pool_create(NULL, workers, &error);
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    if (!pool) fail_msg("pw_pool_create: %s", error);
    return pool;
}

cJSON *t_pool_run_code(pw_pool *pool, const char *code, const char *inputs_json,
                       const char *extra_json)
{
    char *text = t_request_text(code, inputs_json, extra_json);
    cJSON *r = t_run_in(pool, text);
    free(text);
    return r;
}

char *t_read_text(const char *path)
{
    size_t len;
    char *text = pw_read_file(path, 1 << 20, &len);
    if (!text) fail_msg("read %s: %s", path, strerror(errno));
    return text;
}

/* tests/attacks/NAME.py, after the prelude it names in a line "# prelude: P ..." (code
 * several attacks share: tests/attacks/prelude/P.py). */
char *t_attack_source(const char *name)
{
    char path[512], prelude[64];
    snprintf(path, sizeof path, "%s/attacks/%s.py", PW_TEST_DIR, name);
    char *text = t_read_text(path);
    const char *mark = strstr(text, "\n# prelude: ");
    if (!mark || sscanf(mark, "\n# prelude: %63[a-z_]", prelude) != 1) return text;
    snprintf(path, sizeof path, "%s/attacks/prelude/%s.py", PW_TEST_DIR, prelude);
    char *head = t_read_text(path);
    pw_buf both = {0};
    pw_buf_appendf(&both, "%s%s", head, text);
    free(head);
    free(text);
    return both.data;
}

static void dump_and_fail(const cJSON *r, const char *why)
{
    char *s = cJSON_Print(r);
    fail_msg("%s; result was:\n%s", why, s ? s : "(null)");
}

void t_assert_ok(const cJSON *r)
{
    if (!cJSON_IsTrue(cJSON_GetObjectItem(r, "ok"))) dump_and_fail(r, "expected ok:true");
    if (!cJSON_IsNull(cJSON_GetObjectItem(r, "error"))) dump_and_fail(r, "ok with an error");
}

void t_assert_error(const cJSON *r, const char *type, const char *fragment)
{
    if (!cJSON_IsFalse(cJSON_GetObjectItem(r, "ok"))) dump_and_fail(r, "expected ok:false");
    const cJSON *err = cJSON_GetObjectItem(r, "error");
    const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(err, "type"));
    const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(err, "message"));
    if (!t || strcmp(t, type) != 0) {
        char why[256];
        snprintf(why, sizeof why, "expected error type %s", type);
        dump_and_fail(r, why);
    }
    if (fragment && (!m || !strstr(m, fragment))) {
        char why[512];
        snprintf(why, sizeof why, "expected message containing '%s'", fragment);
        dump_and_fail(r, why);
    }
}

const char *t_err_str(const cJSON *r, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), key));
    if (!s) dump_and_fail(r, key);
    return s;
}

double t_err_num(const cJSON *r, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), key);
    if (!cJSON_IsNumber(v)) dump_and_fail(r, key);
    return v->valuedouble;
}

const char *t_result_text(const cJSON *r)
{
    static char buf[65536];
    char *s = cJSON_PrintUnformatted(cJSON_GetObjectItem(r, "result"));
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    free(s);
    return buf;
}

static void drain(int fds[2], char **bufs)
{
    size_t len[2] = {0, 0};
    bool open_[2] = {true, true};
    while (open_[0] || open_[1]) {
        struct pollfd p[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}};
        for (int i = 0; i < 2; i++)
            if (!open_[i]) p[i].fd = -1;
        if (poll(p, 2, -1) < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; i++) {
            if (!p[i].revents) continue;
            char chunk[65536];
            ssize_t r = read(fds[i], chunk, sizeof chunk);
            if (r <= 0) {
                open_[i] = false;
                continue;
            }
            bufs[i] = realloc(bufs[i], len[i] + (size_t)r + 1);
            memcpy(bufs[i] + len[i], chunk, (size_t)r);
            len[i] += (size_t)r;
            bufs[i][len[i]] = '\0';
        }
    }
}

int t_run_cli(const char *const argv[], const char *stdin_text, char *const envp[], char **out,
              char **err)
{
    int in[2], o[2], e[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(o, O_CLOEXEC) || pipe2(e, O_CLOEXEC)) fail_msg("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(o[1], 1);
        dup2(e[1], 2);
        int n = 0;
        while (argv[n])
            n++;
        char **args = calloc((size_t)n + 1, sizeof *args);
        args[0] = (char *)PW_BIN;
        for (int i = 1; i < n; i++)
            args[i] = (char *)argv[i];
        if (envp)
            execve(PW_BIN, args, envp);
        else
            execv(PW_BIN, args);
        _exit(127);
    }
    close(in[0]);
    close(o[1]);
    close(e[1]);
    if (stdin_text) {
        signal(SIGPIPE, SIG_IGN);
        size_t left = strlen(stdin_text);
        const char *p = stdin_text;
        while (left) {
            ssize_t w = write(in[1], p, left);
            if (w <= 0) break;
            p += w;
            left -= (size_t)w;
        }
    }
    close(in[1]);
    char *bufs[2] = {calloc(1, 1), calloc(1, 1)};
    int fds[2] = {o[0], e[0]};
    drain(fds, bufs);
    close(o[0]);
    close(e[0]);
    int status;
    waitpid(pid, &status, 0);
    if (out)
        *out = bufs[0];
    else
        free(bufs[0]);
    if (err)
        *err = bufs[1];
    else
        free(bufs[1]);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int t_count_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    for (struct dirent *ent; d && (ent = readdir(d));)
        if (ent->d_name[0] != '.') n++;
    if (d) closedir(d);
    return n - 1; /* the DIR's own fd */
}

/* Counts processes whose parent (field 4 of /proc/PID/stat) or pgid (field 5) match;
 * zombies (state Z) only when with_zombies. */
static int count_procs(int match_field, long value, bool with_zombies)
{
    int n = 0;
    DIR *d = opendir("/proc");
    for (struct dirent *ent; d && (ent = readdir(d));) {
        if (ent->d_name[0] < '0' || ent->d_name[0] > '9') continue;
        char path[300], buf[512];
        snprintf(path, sizeof path, "/proc/%s/stat", ent->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t r = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[r] = '\0';
        char *p = strrchr(buf, ')');
        char state;
        long ppid, pgid;
        if (p && sscanf(p + 2, "%c %ld %ld", &state, &ppid, &pgid) == 3 &&
            (match_field == 4 ? ppid : pgid) == value && (with_zombies || state != 'Z'))
            n++;
    }
    if (d) closedir(d);
    return n;
}

int t_count_children(void)
{
    return count_procs(4, (long)getpid(), true); /* an unreaped child is a leak too */
}

bool t_pgid_empty(int pgid)
{
    /* A killed grandchild is reparented to init, which reaps it when it likes. */
    return count_procs(5, pgid, false) == 0;
}

bool t_become_uid_with_nproc(uid_t uid, int nproc, bool slow)
{
    struct rlimit r = {(rlim_t)nproc, (rlim_t)nproc};
    if (slow) {
        setenv("LD_PRELOAD", PW_SLOW_THREAD_FAILURE, 1);
        char asan[512]; /* ASan wants its runtime first; the shim is no concern of it */
        const char *given = getenv("ASAN_OPTIONS");
        snprintf(asan, sizeof asan, "%s%sverify_asan_link_order=0", given ? given : "",
                 given ? ":" : "");
        setenv("ASAN_OPTIONS", asan, 1);
    }
    return setrlimit(RLIMIT_NPROC, &r) == 0 && setgroups(0, NULL) == 0 && setgid(uid) == 0 &&
           setuid(uid) == 0;
}

void t_kill_uid(uid_t uid)
{
    pid_t pid = fork();
    if (pid == 0) _exit(setuid(uid) == 0 && kill(-1, SIGKILL) == 0 ? 0 : 1);
    waitpid(pid, NULL, 0);
}

char *t_mkdtemp(void)
{
    static char tmpl[64];
    snprintf(tmpl, sizeof tmpl, "/tmp/pwtest.XXXXXX");
    char *d = mkdtemp(tmpl);
    if (!d) fail_msg("mkdtemp: %s", strerror(errno));
    return d;
}

void t_mkdtemp_real(char *out, size_t size)
{
    char *d = t_mkdtemp();
    char *real = realpath(d, NULL);
    snprintf(out, size, "%s", real ? real : d);
    free(real);
}

void t_write_in(const char *dir, const char *name, const char *content)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (content)
        t_write_file(path, content);
    else if (mkdir(path, 0755) != 0)
        fail_msg("mkdir %s: %s", path, strerror(errno));
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

void t_rmtree(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void t_write_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "w");
    if (!f) fail_msg("fopen %s: %s", path, strerror(errno));
    fputs(content, f);
    fclose(f);
}

/* Adds the names declared on one member line ("long a, b; /+ ... +/") to fields. */
static void declared_names(char *line, pw_strv *fields)
{
    char *comment = strstr(line, "/*"), *semi = strchr(line, ';');
    if (comment) *comment = '\0';
    if (!semi || (comment && semi > comment)) return;
    *semi = '\0';
    char *bracket = strchr(line, '[');
    if (bracket) *bracket = '\0';
    for (char *save, *decl = strtok_r(line, ",", &save); decl; decl = strtok_r(NULL, ",", &save)) {
        char *end = decl + strlen(decl);
        while (end > decl && end[-1] == ' ')
            *--end = '\0';
        char *name = end;
        while (name > decl && (name[-1] == '_' || (name[-1] >= 'a' && name[-1] <= 'z') ||
                               (name[-1] >= '0' && name[-1] <= '9')))
            name--;
        if (*name) pw_strv_push(fields, name);
    }
}

void t_policy_fields(pw_strv *fields)
{
    size_t len;
    char *text = pw_read_file(PW_SOURCE_DIR "/src/policy.h", 1 << 20, &len);
    assert_non_null(text);
    char *body = strstr(text, "typedef struct pw_policy {"), *end = strstr(text, "} pw_policy;");
    assert_non_null(body);
    assert_non_null(end);
    *end = '\0';
    char *save;
    strtok_r(body, "\n", &save); /* the typedef line */
    for (char *line; (line = strtok_r(NULL, "\n", &save));)
        declared_names(line, fields);
    assert_true(fields->n >= 20);
    free(text);
}

/* ---- driving `pywarden serve` ---- */

#define BUF_SIZE (24u << 20) /* a whole answer line: 16 MiB of result, 1 MiB of stdout, stderr */

void start_server(server *s, const char *const extra[])
{
    start_server_with(s, extra, NULL);
}

void start_server_with(server *s, const char *const extra[], void (*setup)(void))
{
    const char *argv[16] = {PW_BIN, "serve"};
    int n = 2;
    for (int i = 0; extra && extra[i]; i++)
        argv[n++] = extra[i];
    int in[2], out[2];
    assert_int_equal(pipe2(in, O_CLOEXEC), 0);
    assert_int_equal(pipe2(out, O_CLOEXEC), 0);
    s->pid = fork();
    assert_true(s->pid >= 0);
    if (s->pid == 0) {
        setpgid(0, 0); /* as a terminal's job, or the Node client's: a group of its own */
        dup2(in[0], 0);
        dup2(out[1], 1);
        if (setup) setup();
        execv(PW_BIN, (char **)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    s->in = in[1];
    s->out = out[0];
    s->len = 0;
    s->buf = malloc(BUF_SIZE);
    s->last = NULL;
    signal(SIGPIPE, SIG_IGN);
}

void send_line(server *s, const char *line)
{
    size_t n = strlen(line);
    assert_int_equal(write(s->in, line, n), (ssize_t)n);
    assert_int_equal(write(s->in, "\n", 1), 1);
}

void close_input(server *s)
{
    if (s->in >= 0) close(s->in);
    s->in = -1;
}

/* The next answer line, parsed; NULL at EOF. Fails the test after timeout_ms. */
cJSON *read_answer_within(server *s, int timeout_ms)
{
    char *nl;
    while (!(nl = memchr(s->buf, '\n', s->len))) {
        struct pollfd p = {s->out, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) fail_msg("no answer from serve within %d ms", timeout_ms);
        assert_true(s->len < BUF_SIZE);
        ssize_t r = read(s->out, s->buf + s->len, BUF_SIZE - s->len);
        if (r <= 0) return NULL;
        s->len += (size_t)r;
    }
    *nl = '\0';
    cJSON *a = cJSON_Parse(s->buf);
    if (!a) fail_msg("serve wrote a line that is not JSON: %s", s->buf);
    free(s->last);
    s->last = strdup(s->buf);
    size_t used = (size_t)(nl - s->buf) + 1;
    memmove(s->buf, s->buf + used, s->len - used);
    s->len -= used;
    return a;
}

cJSON *read_answer(server *s)
{
    return read_answer_within(s, ANSWER_TIMEOUT_MS);
}

/* Closes our ends and returns serve's exit status (128+signal when killed). */
int stop_server(server *s)
{
    close_input(s);
    close(s->out);
    free(s->buf);
    free(s->last);
    int status;
    assert_int_equal(waitpid(s->pid, &status, 0), s->pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

const char *id_str(const cJSON *a)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(a, "id"));
}

const char *mode_of(const cJSON *a)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "stats"), "mode"));
}

const char *t_stat_fields(pid_t pid, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    size_t len = f ? fread(buf, 1, cap - 1, f) : 0;
    if (f) fclose(f);
    buf[len] = '\0';
    const char *close_paren = strrchr(buf, ')');
    return close_paren && close_paren[1] == ' ' ? close_paren + 2 : "";
}

char t_proc_state(pid_t pid)
{
    char buf[512];
    return t_stat_fields(pid, buf, sizeof buf)[0];
}

pid_t t_spares_at_rest(pid_t tpl)
{
    pid_t kids[8];
    for (int tries = 0; tries < 1000; tries++) {
        int n = t_children_of(tpl, kids, 8), asleep = 0;
        for (int i = 0; i < n; i++)
            asleep += t_proc_state(kids[i]) == 'S';
        if (n == PW_SPARES && asleep == n) return kids[0]; /* listed oldest first */
        usleep(10000);
    }
    fail_msg("template %d does not have %d spares at rest", (int)tpl, PW_SPARES);
    return -1;
}

/* Whether pid is a pool's nursery (zygote.h), which only forks launchers. */
static bool is_nursery(pid_t pid)
{
    char path[64], comm[32] = "";
    snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
    FILE *f = fopen(path, "r");
    if (f && !fgets(comm, sizeof comm, f)) comm[0] = '\0';
    if (f) fclose(f);
    comm[strcspn(comm, "\n")] = '\0';
    return strcmp(comm, PW_NURSERY_NAME) == 0;
}

/* Children of pid, of every thread, the nursery too if with_nursery. */
static int children_of(pid_t pid, pid_t *out, int max, bool with_nursery)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/task", (int)pid);
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *ent; d && (ent = readdir(d));) {
        if (ent->d_name[0] == '.') continue;
        char path[400], text[4096] = "";
        snprintf(path, sizeof path, "%s/%s/children", dir, ent->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t r = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[r] = '\0';
        char *save = NULL;
        for (char *tok = strtok_r(text, " \n", &save); tok && n < max;
             tok = strtok_r(NULL, " \n", &save))
            if (with_nursery || !is_nursery((pid_t)atoi(tok))) out[n++] = (pid_t)atoi(tok);
    }
    if (d) closedir(d);
    return n;
}

int t_children_of(pid_t pid, pid_t *out, int max)
{
    return children_of(pid, out, max, false);
}

pid_t t_nursery_of(pid_t host)
{
    pid_t kids[64];
    int n = children_of(host, kids, 64, true);
    for (int i = 0; i < n; i++)
        if (is_nursery(kids[i])) return kids[i];
    return -1;
}

int t_count_descendants(pid_t pid)
{
    pid_t kids[256];
    int n = t_children_of(pid, kids, 256), total = n;
    for (int i = 0; i < n; i++)
        total += t_count_descendants(kids[i]);
    return total;
}

/* serve -> launcher -> templates; the first template found. */
pid_t find_template(pid_t serve)
{
    pid_t launcher[4], tpl[8];
    for (int tries = 0; tries < 200; tries++) {
        if (t_children_of(serve, launcher, 4) == 1 && t_children_of(launcher[0], tpl, 8) >= 1)
            return tpl[0];
        usleep(10000);
    }
    fail_msg("no template process under serve %d", (int)serve);
    return -1;
}

int count_fds_of(pid_t pid)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "ls /proc/%d/fd | wc -l", (int)pid);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p && fscanf(p, "%d", &n) != 1) n = -1;
    if (p) pclose(p);
    return n;
}

int pump_lines(server *s, const char *const *lines, int nlines, int n,
               void (*check)(const cJSON *answer))
{
    int sent = 0, answers = 0;
    size_t off = 0; /* bytes of lines[sent % nlines] (plus its newline) written */
    fcntl(s->in, F_SETFL, O_NONBLOCK);
    while (answers < n) {
        /* One read may have brought several answers: those need no poll. */
        bool buffered = memchr(s->buf, '\n', s->len) != NULL;
        struct pollfd p[2] = {{s->out, POLLIN, 0}, {sent < n ? s->in : -1, POLLOUT, 0}};
        if (poll(p, 2, buffered ? 0 : ANSWER_TIMEOUT_MS) < 0 ||
            (!buffered && !p[0].revents && !p[1].revents))
            fail_msg("serve stalled after %d answers", answers);
        if (buffered) p[0].revents |= POLLIN;
        if (p[1].revents & POLLOUT) {
            const char *line = lines[sent % nlines];
            size_t len = strlen(line);
            ssize_t w = off < len ? write(s->in, line + off, len - off) : write(s->in, "\n", 1);
            if (w > 0) off += (size_t)w;
            if (off == len + 1) sent++, off = 0;
        }
        if (p[0].revents) {
            cJSON *a = read_answer(s);
            assert_non_null(a);
            check(a);
            cJSON_Delete(a);
            answers++;
        }
    }
    fcntl(s->in, F_SETFL, 0);
    return answers;
}

static void check_ok(const cJSON *answer)
{
    t_assert_ok(answer);
}

int pump(server *s, int n)
{
    static const char *const line[] = {
        "{\"id\": 0, \"code\": \"def main(inputs): return inputs\", \"inputs\": {\"n\": 1}}"};
    return pump_lines(s, line, 1, n, check_ok);
}

/* Waits (up to 5 s) until pid has want descendants: a run that has answered may still be
 * exiting for a moment before its template reaps it. Returns the last count seen. */
int settle_descendants(pid_t pid, int want)
{
    int n = t_count_descendants(pid);
    for (int tries = 0; tries < 500 && n != want; tries++) {
        usleep(10000);
        n = t_count_descendants(pid);
    }
    return n;
}

/* A "Key: N kB" line of /proc/PID/status, or -1. */
static long status_kb(pid_t pid, const char *key)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "re");
    long kb = -1;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':' && sscanf(line + n + 1, "%ld", &kb) == 1)
            break;
    if (f) fclose(f);
    return kb;
}

long t_rss_kb(pid_t pid)
{
    return status_kb(pid, "VmRSS");
}

long t_peak_rss_kb(pid_t pid)
{
    return status_kb(pid, "VmHWM");
}

long t_vm_size_kb(pid_t pid)
{
    return status_kb(pid, "VmSize");
}

/* (helpers.h) Starts pywarden with stdin and stdout on pipes whose ends it gets are O_NONBLOCK, as
 * a host hands them that shares its own (Node makes its stdout so); *in and *out are ours. */
pid_t t_start_nonblocking(const char *const argv[], char *const envp[], int *in, int *out)
{
    int i[2], o[2];
    assert_int_equal(pipe2(i, O_CLOEXEC), 0);
    assert_int_equal(pipe2(o, O_CLOEXEC), 0);
    assert_int_equal(fcntl(i[0], F_SETFL, O_NONBLOCK), 0);
    assert_int_equal(fcntl(o[1], F_SETFL, O_NONBLOCK), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(i[0], 0);
        dup2(o[1], 1);
        if (envp)
            execve(PW_BIN, (char *const *)argv, envp);
        else
            execv(PW_BIN, (char *const *)argv);
        _exit(127);
    }
    close(i[0]);
    close(o[1]);
    *in = i[1];
    *out = o[0];
    return pid;
}

/* Everything on fd until EOF (after a pause, so the writer finds the pipe full). */
char *t_slurp_later(int fd)
{
    usleep(500 * 1000);
    pw_buf b = {0};
    char chunk[65536];
    for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) > 0;)
        pw_buf_append(&b, chunk, (size_t)n);
    pw_buf_putc(&b, '\0');
    close(fd);
    return pw_buf_take(&b);
}

int t_exit_status(pid_t pid)
{
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int t_exit_within(pid_t pid, long ms)
{
    for (double until = pw_now_ms() + (double)ms;; usleep(20 * 1000)) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (pw_now_ms() >= until) return -1;
    }
}

void t_await_full_pipe(int fd)
{
    int unread = 0, size = fcntl(fd, F_GETPIPE_SZ);
    for (double until = pw_now_ms() + 60000; unread < size && pw_now_ms() < until;
         usleep(20 * 1000))
        assert_int_equal(ioctl(fd, FIONREAD, &unread), 0);
    if (unread < size) fail_msg("the pipe holds %d of its %d bytes after 60 s", unread, size);
}
