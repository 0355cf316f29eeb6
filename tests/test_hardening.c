/* Hostile inputs the supervisor itself touches: a FIFO, a directory or a huge file where it
 * expects a script or a policy file; policies and requests over their stated bounds; NUL
 * bytes in serve's lines. Each must get its answer at once, cold and warm. */
#include "helpers.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pywarden.h"
#include "util.h"

static char *dir;
static pw_pool *pool; /* no policy ceiling: every request reaches its own checks */

static int setup(void **state)
{
    (void)state;
    dir = t_mkdtemp();
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/job.fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/pol.fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/sub", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/huge.py", dir); /* sparse: 64 MiB that cost no disk */
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    assert_true(fd >= 0 && ftruncate(fd, 64 << 20) == 0);
    close(fd);
    snprintf(path, sizeof path, "%s/extends_fifo.json", dir);
    t_write_file(path, "{\"extends\": \"pol.fifo\"}");
    char *error = NULL;
    pool = pw_pool_create(NULL, 1, &error);
    if (!pool) fail_msg("pw_pool_create: %s", error);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pw_pool_destroy(pool);
    t_rmtree(dir);
    return 0;
}

/* The request {"work_dir": dir, <members>, "code"/"script" as given}. */
static char *request(const char *members)
{
    pw_buf b = {0};
    pw_buf_appendf(&b, "{\"work_dir\": \"%s\", %s}", dir, members);
    return pw_buf_take(&b);
}

/* Cold through pw_run and warm through the pool: the same invalid_request. */
static void both_refuse_request(const char *req, const char *field, const char *fragment)
{
    for (int warm = 0; warm < 2; warm++) {
        char *out = warm ? pw_pool_run(pool, req) : NULL;
        cJSON *r = warm ? cJSON_Parse(out) : t_run(req);
        pw_free(out);
        t_assert_error(r, "invalid_request", fragment);
        assert_string_equal(t_err_str(r, "field"), field);
        cJSON_Delete(r);
    }
}

static void both_refuse(const char *members, const char *field, const char *fragment)
{
    char *req = request(members);
    both_refuse_request(req, field, fragment);
    free(req);
}

static void a_fifo_script_is_refused_not_waited_on(void **state)
{
    (void)state;
    both_refuse("\"script\": \"job.fifo\", \"timeout_ms\": 100", "script", "not a regular file");
}

static void a_directory_script_is_refused(void **state)
{
    (void)state;
    both_refuse("\"script\": \"sub\"", "script", "Is a directory");
}

static void a_huge_script_is_refused_before_reading(void **state)
{
    (void)state;
    both_refuse("\"script\": \"huge.py\"", "script", "larger than max_input_bytes");
}

static void a_fifo_policy_file_is_refused(void **state)
{
    (void)state;
    char members[PATH_MAX + 64];
    snprintf(members, sizeof members, "\"code\": \"result = 1\", \"policy\": \"%s/pol.fifo\"", dir);
    both_refuse(members, "policy", "not a regular file");
}

static void a_fifo_extends_target_is_refused(void **state)
{
    (void)state;
    char members[PATH_MAX + 64];
    snprintf(members, sizeof members,
             "\"code\": \"result = 1\", \"policy\": \"%s/extends_fifo.json\"", dir);
    both_refuse(members, "policy", "not a regular file");
}

static void a_device_policy_file_is_refused(void **state)
{
    (void)state;
    both_refuse("\"code\": \"result = 1\", \"policy\": \"/dev/zero\"", "policy",
                "not a regular file");
    /* a directory is said to be one (it was "not valid JSON (unreadable)") */
    both_refuse("\"code\": \"result = 1\", \"policy\": \"/usr\"", "policy",
                "cannot read it: Is a directory");
}

/* The supervisor opens a request's script as the host's user, whatever the policy lets the
 * run read: a script on proc or sysfs showed the supervisor's own memory map and the host's
 * mount table in its SyntaxError under strict, which reads no file. */
static void no_kernel_file_is_read_for_a_request(void **state)
{
    (void)state;
    both_refuse_request("{\"work_dir\": \"/\", \"script\": \"proc/self/maps\", \"mode\": "
                        "\"stdio\", \"policy\": \"strict\"}",
                        "script",
                        "script 'proc/self/maps': on a filesystem of the kernel's own (proc)");
    both_refuse_request("{\"work_dir\": \"/sys/kernel\", \"script\": \"mm/transparent_hugepage/"
                        "enabled\", \"policy\": \"strict\"}",
                        "work_dir",
                        "work_dir '/sys/kernel': on a filesystem of the kernel's own (sysfs)");
    both_refuse_request("{\"work_dir\": \"/proc\", \"code\": \"result = 1\", \"policy\": "
                        "\"strict\"}",
                        "work_dir", "work_dir '/proc': on a filesystem of the kernel's own (proc)");
}

/* An inline env of n keys "K0".."Kn-1". */
static char *env_members(int n)
{
    pw_buf b = {0};
    pw_buf_appendf(&b,
                   "\"code\": \"result = 1\", \"policy\": {\"extends\": \"default\", \"env\": {");
    for (int i = 0; i < n; i++)
        pw_buf_appendf(&b, "%s\"K%d\": \"v\"", i ? ", " : "", i);
    pw_buf_appendf(&b, "}}");
    return pw_buf_take(&b);
}

/* The 40 000-key env that cost 5 s of CPU in the quadratic check is refused by its bound. */
static void an_env_over_its_bound_is_refused(void **state)
{
    (void)state;
    char *m = env_members(40000);
    both_refuse(m, "policy.env", "more than 1024 entries");
    free(m);
    m = env_members(1000); /* within the bound (with default's own entries) it runs */
    char *req = request(m);
    cJSON *r = t_run(req);
    t_assert_ok(r);
    cJSON_Delete(r);
    free(req);
    free(m);
}

static void lists_and_strings_over_their_bounds_are_refused(void **state)
{
    (void)state;
    pw_buf b = {0};
    pw_buf_appendf(&b, "\"code\": \"result = 1\", \"policy\": {\"blocked_modules\": [");
    for (int i = 0; i < 1025; i++)
        pw_buf_appendf(&b, "%s\"m%d\"", i ? ", " : "", i);
    pw_buf_appendf(&b, "]}");
    both_refuse(b.data, "policy.blocked_modules", "more than 1024 entries");
    b.len = 0;
    pw_buf_appendf(&b, "\"code\": \"result = 1\", \"policy\": {\"read_paths\": [\"/%05000d\"]}", 0);
    both_refuse(b.data, "policy.read_paths", "4096 bytes or longer");
    b.len = 0;
    pw_buf_appendf(&b, "\"code\": \"def f(i): return 1\", \"entry\": \"f%0300d\"", 0);
    both_refuse(b.data, "entry", "longer than 255 bytes");
    pw_buf_free(&b);
}

/* Only lines of spaces, tabs and CRs are blank; a NUL makes a line a (bad) request. */
static void serve_answers_nul_lines(void **state)
{
    (void)state;
    static const char input[] = "\0\n \0\t\n \t\r\n{\"id\":2,\"code\":\"result=1\"}\n";
    server s;
    start_server(&s, (const char *[]){"--workers", "1", NULL});
    assert_int_equal(write(s.in, input, sizeof input - 1), (ssize_t)(sizeof input - 1));
    close_input(&s);
    int bad = 0, ok = 0;
    for (cJSON *a; (a = read_answer_within(&s, 20000)); cJSON_Delete(a)) {
        if (cJSON_IsTrue(cJSON_GetObjectItem(a, "ok"))) {
            ok++;
        } else {
            t_assert_error(a, "invalid_request", "not valid UTF-8 text");
            assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "id")));
            bad++;
        }
    }
    assert_int_equal(bad, 2);
    assert_int_equal(ok, 1);
    assert_int_equal(stop_server(&s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_fifo_script_is_refused_not_waited_on),
        cmocka_unit_test(a_directory_script_is_refused),
        cmocka_unit_test(a_huge_script_is_refused_before_reading),
        cmocka_unit_test(a_fifo_policy_file_is_refused),
        cmocka_unit_test(a_fifo_extends_target_is_refused),
        cmocka_unit_test(a_device_policy_file_is_refused),
        cmocka_unit_test(no_kernel_file_is_read_for_a_request),
        cmocka_unit_test(an_env_over_its_bound_is_refused),
        cmocka_unit_test(lists_and_strings_over_their_bounds_are_refused),
        cmocka_unit_test(serve_answers_nul_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
