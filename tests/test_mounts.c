/* The mounts layer as a user sees it, cold and warm: paths outside the view do not exist,
 * tempfile works in a private capped /tmp, write_paths entries are there to write into, a
 * refused write is a violation naming the path and the policy, numpy and pandas still run.
 * (tests/test_attacks.c tries every route out of the view with the other layers off.) */
#include "helpers.h"
#include "layers.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char work[64];
static pw_pool *pool; /* warm runs; NULL for cold */

static int setup(void **state)
{
    (void)state;
    snprintf(work, sizeof work, "%s", t_mkdtemp());
    char path[128];
    snprintf(path, sizeof path, "%s/data.txt", work);
    t_write_file(path, "public\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_rmtree(work);
    return 0;
}

static int warm_setup(void **state)
{
    char *err = NULL;
    pool = pw_pool_create(NULL, 1, &err);
    if (!pool) fail_msg("pw_pool_create: %s", err);
    return setup(state);
}

static int warm_teardown(void **state)
{
    pw_pool_destroy(pool);
    pool = NULL;
    return teardown(state);
}

static cJSON *run(const char *code, const char *policy)
{
    char extra[512];
    snprintf(extra, sizeof extra, "{\"work_dir\": \"%s\", \"policy\": %s}", work,
             policy ? policy : "\"default\"");
    return t_pool_run_code(pool, code, NULL, extra);
}

static bool has_layer(const cJSON *r, const char *name)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "layers"))
    {
        if (strcmp(cJSON_GetStringValue(l), name) == 0) return true;
    }
    return false;
}

/* Under every layer of default: the posix module reached without an import stats nothing
 * outside the view, and the work directory is at its real path. */
static void stat_outside_the_view_is_no_such_file(void **state)
{
    (void)state;
    cJSON *r = run("import sys, pathlib\nposix = sys.modules['posix']\n"
                   "def gone(p):\n"
                   "    try:\n        posix.stat(p)\n        return False\n"
                   "    except FileNotFoundError:\n        return True\n"
                   "result = {'gone': [gone(p) for p in ('/etc/shadow', '/home', '/proc/self', "
                   "'/var', '/root')],\n"
                   "          'exists': pathlib.Path('/etc/passwd').exists(),\n"
                   "          'cwd': posix.getcwd(), 'data': open('data.txt').read()}",
                   NULL);
    t_assert_ok(r);
    assert_true(has_layer(r, "mounts"));
    char want[256];
    snprintf(want, sizeof want,
             "{\"gone\":[true,true,true,true,true],\"exists\":false,\"cwd\":\"%s\","
             "\"data\":\"public\\n\"}",
             work);
    assert_string_equal(t_result_text(r), want);
    cJSON_Delete(r);
}

static void tempfile_works_in_a_private_tmp(void **state)
{
    (void)state;
    cJSON *r = run("import tempfile\n"
                   "with tempfile.TemporaryDirectory() as d:\n"
                   "    with open(d + '/f', 'w') as f:\n        f.write('x' * 1000)\n"
                   "    result = [tempfile.gettempdir(), d.startswith('/tmp/')]",
                   NULL);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "[\"/tmp\",true]");
    cJSON_Delete(r);
}

/* The host has no file /DIR/NAME.SUFFIX (the run's writes stayed in its view). */
static void assert_not_on_host(const char *dir, const char *name, const char *suffix)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s%s", dir, name, suffix);
    assert_int_equal(access(path, F_OK), -1);
}

/* Run from the host's /tmp, the work directory (read-only, as "." is in default) would hide
 * the private /tmp: tempfile finds the private one at /var/tmp, the host's files still read,
 * and nothing written reaches the host's /tmp or /var/tmp. */
static void tempfile_works_with_tmp_as_the_work_dir(void **state)
{
    (void)state;
    char name[64], host_file[96], extra[160], code[768];
    snprintf(name, sizeof name, "pw_tmp_work_dir_%d_%s", (int)getpid(), pool ? "warm" : "cold");
    snprintf(host_file, sizeof host_file, "/tmp/%s", name);
    t_write_file(host_file, "host\n");
    snprintf(extra, sizeof extra, "{\"work_dir\": \"/tmp\"}");
    snprintf(code, sizeof code,
             "import tempfile\n"
             "with tempfile.TemporaryDirectory() as d:\n"
             "    with open(d + '/f', 'w') as f:\n        f.write('x')\n"
             "    inside = d.startswith('/var/tmp/')\n"
             "with open('/var/tmp/%s.out', 'w') as f:\n    f.write('kept')\n"
             "try:\n    open('/tmp/%s.out', 'w')\n    host_tmp = 'written'\n"
             "except OSError:\n    host_tmp = 'refused'\n"
             "result = [tempfile.gettempdir(), inside, open('%s').read(), host_tmp]",
             name, name, name);
    cJSON *r = t_pool_run_code(pool, code, NULL, extra);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "[\"/var/tmp\",true,\"host\\n\",\"refused\"]");
    cJSON_Delete(r);
    assert_not_on_host("/var/tmp", name, ".out");
    assert_not_on_host("/tmp", name, ".out");
    unlink(host_file);
}

/* Where grants cover /tmp and /var/tmp both, the run has no private temporary directory, and
 * the audit hook (like Landlock) does not take the host's read-only /var/tmp for it. */
static void no_private_tmp_where_grants_cover_both(void **state)
{
    (void)state;
    char name[64], code[768];
    snprintf(name, sizeof name, "pw_no_private_tmp_%d_%s", (int)getpid(), pool ? "warm" : "cold");
    snprintf(
        code, sizeof code,
        "import tempfile\n"
        "def attempt(p):\n"
        "    try:\n        open(p, 'w')\n        return 'written'\n"
        "    except OSError as e:\n        return type(e).__name__\n"
        "try:\n    where = tempfile.gettempdir()\nexcept FileNotFoundError:\n    where = None\n"
        "result = [where, attempt('/var/tmp/%s'), attempt('/tmp/%s')]",
        name, name);
    const char *extra = "{\"work_dir\": \"/tmp\", \"policy\": {\"extends\": \"default\", "
                        "\"read_paths\": [\".\", \"/var/tmp\"]}}";
    cJSON *r = t_pool_run_code(pool, code, NULL, extra);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "[null,\"PolicyViolation\",\"PolicyViolation\"]");
    cJSON_Delete(r);
    assert_not_on_host("/var/tmp", name, "");
}

static void tmp_is_capped_by_tmp_mb(void **state)
{
    (void)state;
    cJSON *r = run("import tempfile, errno\n"
                   "try:\n"
                   "    with tempfile.TemporaryFile() as f:\n"
                   "        for _ in range(3):\n"
                   "            f.write(b'x' * (1 << 20))\n            f.flush()\n"
                   "    result = 'fit'\n"
                   "except OSError as e:\n    result = errno.errorcode[e.errno]",
                   "{\"extends\": \"default\", \"tmp_mb\": 2}");
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "\"ENOSPC\"");
    cJSON_Delete(r);
}

/* data's out/ does not exist yet: it is made before the run, inside the work directory
 * only, and a write elsewhere is a violation naming the path and the policy. */
static void write_paths_are_created_and_refusals_named(void **state)
{
    (void)state;
    char out[128], outside[128], policy[256];
    snprintf(out, sizeof out, "%s/out", work);
    snprintf(outside, sizeof outside, "%s-outside", work);
    snprintf(policy, sizeof policy,
             "{\"extends\": \"data\", \"write_paths\": [\"deep/er\", \"../%s\"]}",
             strrchr(outside, '/') + 1);
    cJSON *r = run("open('out/result.txt', 'w').write('done')\n"
                   "open('deep/er/x', 'w').write('x')\n"
                   "try:\n    open('data.txt', 'a')\nexcept PermissionError as e:\n"
                   "    refused = str(e)\n"
                   "result = refused",
                   policy);
    t_assert_ok(r);
    assert_non_null(strstr(t_result_text(r), "policy '<inline>'"));
    const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "violations"), 0);
    char data[128];
    snprintf(data, sizeof data, "%s/data.txt", work);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(v, "detail")), data);
    struct stat st;
    char path[256];
    snprintf(path, sizeof path, "%s/result.txt", out);
    assert_int_equal(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/deep/er/x", work);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(stat(outside, &st), -1); /* never created outside the work directory */
    assert_int_equal(errno, ENOENT);
    cJSON_Delete(r);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "%s/deep", work);
    t_rmtree(cmd);
    t_rmtree(out);
}

static void numpy_under_data_with_mounts(void **state)
{
    (void)state;
    cJSON *r = run("import numpy as np\nresult = float((np.ones((64, 64)) @ np.ones((64, 64)))"
                   ".sum())",
                   "\"data\"");
    t_assert_ok(r);
    assert_true(has_layer(r, "mounts"));
    assert_string_equal(t_result_text(r), "262144");
    cJSON_Delete(r);
}

static void policy_tmp_mb_is_checked(void **state)
{
    (void)state;
    cJSON *r = run("result = 1", "{\"extends\": \"default\", \"tmp_mb\": -1}");
    t_assert_error(r, "invalid_request", "'tmp_mb' must be an integer from 0");
    assert_string_equal(t_err_str(r, "field"), "policy.tmp_mb");
    cJSON_Delete(r);
}

/* Where creating a user namespace is refused (Docker's and Kubernetes' default seccomp
 * profiles answer EPERM), the best_effort layers that need one are skipped and the run goes
 * on: a forked child installs such a filter, then runs under default. */
static void refused_user_namespaces_skip_mounts(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    if (pid == 0) {
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
        bool ok =
            ctx &&
            seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 1,
                             SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER)) == 0 &&
            seccomp_load(ctx) == 0;
        char *out = ok ? pw_run("{\"code\": \"result = 1\"}") : NULL;
        (void)!write(p[1], out ? out : "", out ? strlen(out) : 0);
        _exit(0);
    }
    close(p[1]);
    char buf[4096] = {0};
    size_t n = 0;
    for (ssize_t r; (r = read(p[0], buf + n, sizeof buf - 1 - n)) > 0;)
        n += (size_t)r;
    close(p[0]);
    waitpid(pid, NULL, 0);
    cJSON *r = cJSON_Parse(buf);
    if (!r) fail_msg("no result from the child: '%s'", buf);
    t_assert_ok(r);
    assert_false(has_layer(r, "mounts"));
    assert_false(has_layer(r, "namespaces"));
    assert_true(has_layer(r, "landlock"));
    cJSON_Delete(r);
}

#ifdef PW_TEST_SWITCHES
/* pandas imports and writes under the view, cold (a warm template reads the test switch when
 * it starts). The audit hook is off: pandas' import calls platform.processor(), which starts
 * a subprocess, and the hook refuses that during an import (not this layer's matter). */
static void pandas_under_data_with_mounts(void **state)
{
    (void)state;
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", "audit", 1);
    cJSON *r = run("import pandas as pd\n"
                   "df = pd.DataFrame({'a': [1, 2, 3]})\n"
                   "df.to_csv('out/a.csv')\n"
                   "result = int(df.a.sum())",
                   "\"data\"");
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    t_assert_ok(r);
    assert_true(has_layer(r, "mounts"));
    assert_string_equal(t_result_text(r), "6");
    cJSON_Delete(r);
    char out[128];
    snprintf(out, sizeof out, "%s/out", work);
    t_rmtree(out);
}
#endif

#ifdef PW_TEST_SWITCHES
/* What runs' directories in the host's TMPDIR dir hold: entries below its nests, the cold
 * supervisors' leases among them, but not the directory that holds those (all: everything,
 * the nests too). */
static int entries_of(const char *dir, bool all)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd,
             all ? "find '%s' -mindepth 1 | wc -l"
                 : "find '%s' -mindepth 2 ! \\( -type d -name leases \\) | wc -l",
             dir);
    FILE *f = popen(cmd, "r");
    int n = -1;
    if (f && fscanf(f, "%d", &n) != 1) n = -1;
    if (f) pclose(f);
    return n;
}

static int entries(const char *dir)
{
    return entries_of(dir, false);
}

/* Runs with the layers in disable off: cold ones through the switch (NULL), warm ones
 * through a pool started with it. switched_end undoes both. */
static pw_pool *switched(bool warm, const char *disable)
{
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", disable, 1);
    return warm ? t_pool_with_switches(disable, 1) : NULL;
}

static void switched_end(pw_pool *p)
{
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    if (p) pw_pool_destroy(p);
}

/* Without the view (its layer off here; a container that refuses user namespaces), a run gets
 * a directory of its own under the host's TMPDIR, as TMPDIR: tempfile works there, nothing
 * beside it is writable, and it is gone after the run with what the run left in it (a tree
 * deeper than PATH_MAX, a directory it made unreadable, a link out of it, which is not
 * followed), a run killed at its deadline too. Cold and warm; with the view, no run's is made. */
static void without_a_view_a_run_gets_a_tmp_dir_removed_after_it(void **state)
{
    (void)state;
    char *tmp = t_mkdtemp(), victim[160], code[1536], extra[512];
    snprintf(victim, sizeof victim, "%s/victim", work);
    mkdir(victim, 0755);
    t_write_in(victim, "keep", "kept\n");
    setenv("TMPDIR", tmp, 1);
    snprintf(code, sizeof code,
             "import os, tempfile\n"
             "d = tempfile.gettempdir()\n"
             "with tempfile.NamedTemporaryFile('w', delete=False) as f:\n    f.write('x')\n"
             "os.symlink('%s', os.path.join(d, 'link'))\n"
             "os.mkdir(os.path.join(d, 'shut'))\n"
             "open(os.path.join(d, 'shut', 'f'), 'w').close()\n"
             "os.chmod(os.path.join(d, 'shut'), 0)\n"
             "os.chdir(d)\n"
             "for i in range(600):\n    os.mkdir('dddddddddd')\n    os.chdir('dddddddddd')\n"
             "open('deep', 'w').close()\n"
             "try:\n    open(os.path.join(os.path.dirname(d), 'beside'), 'w')\n"
             "    beside = 'written'\n"
             "except OSError as e:\n    beside = type(e).__name__\n"
             "result = [d.startswith('%s/pywarden-runs-%u/pywarden-run-'),\n"
             "          os.environ['TMPDIR'] == d, beside]",
             victim, tmp, (unsigned)geteuid());
    snprintf(extra, sizeof extra, "{\"work_dir\": \"%s\", \"policy\": \"data\"}", work);
    for (int warm = 0; warm < 2; warm++) {
        /* While a pool lives, its runs' directories are made in an entry of its own, leased:
         * that entry (empty) and its lease are all it has there. */
        int pool_own = warm ? 2 : 0;
        /* audit off: it refuses links out of a directory and chdir's tree walks first */
        pw_pool *p = switched(warm, "mounts,audit");
        cJSON *r = t_pool_run_code(p, code, NULL, extra);
        t_assert_ok(r);
        assert_false(has_layer(r, "mounts"));
        assert_string_equal(t_result_text(r), "[true,true,\"PermissionError\"]");
        cJSON_Delete(r);
        assert_int_equal(entries(tmp), pool_own);
        r = t_pool_run_code(p,
                            "import tempfile, time\n"
                            "tempfile.NamedTemporaryFile(delete=False).write(b'x')\n"
                            "time.sleep(30)",
                            NULL, "{\"timeout_ms\": 400, \"policy\": \"data\"}");
        t_assert_error(r, "timeout", "deadline");
        cJSON_Delete(r);
        assert_int_equal(entries(tmp), pool_own);
        switched_end(p);
        assert_int_equal(entries_of(tmp, true), 0);
        p = warm ? t_pool_with_switches("", 1) : NULL;
        r = t_pool_run_code(p, "import tempfile\nresult = tempfile.gettempdir()", NULL, NULL);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "\"/tmp\"");
        cJSON_Delete(r);
        assert_int_equal(entries(tmp), pool_own);
        /* a cold supervisor's lease, its leases and its nest go too: nothing is left */
        if (!warm) assert_int_equal(entries_of(tmp, true), 0);
        if (p) pw_pool_destroy(p);
        assert_int_equal(entries_of(tmp, true), 0); /* nor of a pool, once it is stopped */
    }
    assert_int_equal(access(victim, F_OK), 0);
    char keep[200];
    snprintf(keep, sizeof keep, "%s/keep", victim);
    assert_int_equal(access(keep, F_OK), 0);
    unsetenv("TMPDIR");
    t_rmtree(tmp);
}

/* TMPDIR as containers spell it ("/tmp/", with "//", "/./", ".." or a link in it): a run
 * without the view still gets its directory there, named as resolved paths are (the audit hook
 * refused every file tempfile made in "/tmp//pywarden-runs-0/..."). Cold and warm. */
static void tmpdir_spelled_with_slashes_and_dots(void **state)
{
    (void)state;
    char *tmp = t_mkdtemp(), spelled[256], code[512], sub[200], link[200];
    snprintf(sub, sizeof sub, "%s/sub", tmp);
    snprintf(link, sizeof link, "%s/link", tmp);
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(symlink(tmp, link), 0);
    /* through a link and a "..", as well as "//" and "/./" */
    snprintf(spelled, sizeof spelled, "%s/sub/..//./", link);
    setenv("TMPDIR", spelled, 1);
    snprintf(code, sizeof code,
             "import os, tempfile\n"
             "fd, name = tempfile.mkstemp()\n"
             "os.close(fd)\n"
             "result = name.startswith('%s/pywarden-runs-%u/pywarden-run-')",
             tmp, (unsigned)geteuid());
    for (int warm = 0; warm < 2; warm++) {
        pw_pool *p = switched(warm, "mounts");
        cJSON *r = t_pool_run_code(p, code, NULL, "{\"policy\": \"data\"}");
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "true");
        cJSON_Delete(r);
        switched_end(p);
    }
    unlink(link);
    rmdir(sub);
    assert_int_equal(entries_of(tmp, true), 0);
    unsetenv("TMPDIR");
    t_rmtree(tmp);
}

/* In a child: TMPDIR is base, a full tmpfs there when full (own mount namespace); a run without
 * the view (cold, or warm) must find its directory under /tmp and have it removed after. */
static int tmp_dir_fallback_run(const char *base, bool full, bool warm)
{
    if (full) {
        if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
            mount("tmpfs", base, "tmpfs", 0, "size=8k"))
            return 2;
        char fill[200], block[4096] = {0};
        snprintf(fill, sizeof fill, "%s/fill", base);
        int fd = open(fill, O_WRONLY | O_CREAT, 0600);
        while (fd >= 0 && write(fd, block, sizeof block) > 0)
            ; /* until ENOSPC: the tmpfs has no block left */
        if (fd >= 0) close(fd);
    }
    setenv("TMPDIR", base, 1);
    pw_pool *p = switched(warm, "mounts");
    cJSON *r = t_pool_run_code(p,
                               "import tempfile\n"
                               "with tempfile.TemporaryFile() as f:\n    f.write(b'x')\n"
                               "result = tempfile.gettempdir()",
                               NULL, NULL);
    switched_end(p);
    char want[64];
    snprintf(want, sizeof want, "/tmp/pywarden-runs-%u/pywarden-run-", (unsigned)geteuid());
    const char *dir = cJSON_GetStringValue(cJSON_GetObjectItem(r, "result"));
    bool ok = dir && strncmp(dir, want, strlen(want)) == 0 && access(dir, F_OK) != 0;
    if (!ok) {
        char *text = cJSON_PrintUnformatted(r);
        fprintf(stderr, "TMPDIR %s (%s, warm %d): %s\n", base, full ? "full" : "as is", warm,
                text ? text : "(no answer)");
        free(text);
    }
    cJSON_Delete(r);
    return ok ? 0 : 1;
}

/* As root, the child's own mount namespace with an empty /tmp, holding tmp's "file" and
 * "full" again and, bound from the real /tmp, the tree this test runs from (a clone or build
 * under /tmp): the runs' nest there is this test's alone. In the /tmp that tests running
 * side by side share, the nest was at times unusable to it, and a run went to /var/tmp. */
static bool private_tmp(const char *tmp)
{
    char cwd[PATH_MAX], path[PATH_MAX + 16];
    const char *from[] = {getcwd(cwd, sizeof cwd), PW_TEST_DIR};
    if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) return false;
    int old = open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC); /* in this namespace: bindable */
    if (old < 0 || mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777,size=64m")) return false;
    for (size_t i = 0; i < sizeof from / sizeof *from; i++) {
        if (!from[i] || strncmp(from[i], "/tmp/", 5) != 0) continue;
        size_t n = strcspn(from[i] + 5, "/");
        snprintf(path, sizeof path, "/tmp/%.*s", (int)n, from[i] + 5);
        int src = openat(old, path + 5, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", src);
        if (src < 0 || (mkdir(path, 0755) && errno != EEXIST) ||
            mount(proc, path, NULL, MS_BIND | MS_REC, NULL))
            return false;
        close(src);
    }
    close(old);
    if (mkdir(tmp, 0700)) return false;
    snprintf(path, sizeof path, "%s/full", tmp);
    if (mkdir(path, 0755)) return false;
    snprintf(path, sizeof path, "%s/file", tmp);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    return fd >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0;
}

/* A host TMPDIR that cannot hold a run's directory (missing, not a directory, a full file
 * system) is passed over for /tmp, as tempfile passes it over: the run had no temporary
 * directory at all ("No usable temporary directory found"), where python3 would use /tmp. */
static void a_host_tmpdir_that_cannot_hold_a_run_is_passed_over(void **state)
{
    (void)state;
    char *tmp = t_mkdtemp(), file[200], full[200];
    t_write_in(tmp, "file", "x");
    snprintf(file, sizeof file, "%s/file", tmp);
    snprintf(full, sizeof full, "%s/full", tmp);
    assert_int_equal(mkdir(full, 0755), 0);
    const struct {
        const char *base;
        bool full;
    } cases[] = {{"/nonexistent-pywarden-tmp", false},
                 /* a name like the nest's: the fallback was /tmp/pywarden-runs-cache/... */
                 {"/nonexistent-pywarden-tmp/pywarden-runs-cache", false},
                 {file, false},
                 {full, true}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (cases[i].full && getuid() != 0) {
            print_message("SKIPPED: a full tmpfs needs a root test process\n");
            continue;
        }
        for (int warm = 0; warm < 2; warm++) {
            pid_t pid = fork();
            if (pid == 0 && getuid() == 0 && !private_tmp(tmp)) _exit(3);
            if (pid == 0) _exit(tmp_dir_fallback_run(cases[i].base, cases[i].full, warm));
            int status;
            assert_int_equal(waitpid(pid, &status, 0), pid);
            assert_true(WIFEXITED(status));
            assert_int_equal(WEXITSTATUS(status), 0);
        }
    }
    t_rmtree(tmp);
}

/* Supervisors side by side in one TMPDIR: one that ends removes the nest once it is empty
 * (pw_hosttmp_release), which may fall between another's mkdir of the nest and of its run's
 * entry. That run's directory went to the next candidate (/tmp, /var/tmp): 44 of 2000 against
 * a remover every 0.2 ms. */
static void a_nest_removed_meanwhile_is_made_again(void **state)
{
    (void)state;
    char *tmp = t_mkdtemp(), nest[200], path[PW_HOSTTMP_MAX];
    setenv("TMPDIR", tmp, 1);
    snprintf(nest, sizeof nest, "%s/pywarden-runs-%u", tmp, (unsigned)geteuid());
    pid_t remover = fork();
    if (remover == 0)
        for (;;) {
            rmdir(nest);
            usleep(200);
        }
    int elsewhere = 0;
    for (int i = 0; i < 2000; i++) {
        assert_true(pw_hosttmp_name(path, sizeof path));
        const char *made = pw_hosttmp_make(path);
        assert_non_null(made);
        if (strncmp(made, nest, strlen(nest)) != 0) elsewhere++;
        pw_hosttmp_remove(made, pw_now_ms() + 1000);
    }
    kill(remover, SIGKILL);
    waitpid(remover, NULL, 0);
    assert_int_equal(elsewhere, 0);
    unsetenv("TMPDIR");
    t_rmtree(tmp);
}

/* A pool's runs are made in its entry of the euid's nest; a nest that is a link (swapped in by
 * anything that may write TMPDIR) is not followed at that level either: the runs' directories
 * were made, and left, where the link led. */
static void a_pool_nest_behind_a_link_is_not_followed(void **state)
{
    (void)state;
    char *tmp = t_mkdtemp(), nest[200], elsewhere[200], entry[PW_HOSTTMP_MAX], path[PW_HOSTTMP_MAX];
    setenv("TMPDIR", tmp, 1);
    snprintf(nest, sizeof nest, "%s/pywarden-runs-%u", tmp, (unsigned)geteuid());
    snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere", tmp);
    assert_int_equal(mkdir(elsewhere, 0300), 0);
    assert_int_equal(symlink(elsewhere, nest), 0);
    assert_true(pw_hosttmp_name(entry, sizeof entry));
    assert_true(pw_hosttmp_name_in(entry, path, sizeof path));
    const char *made = pw_hosttmp_make(path);
    assert_non_null(made); /* under /tmp then, as where TMPDIR cannot hold it */
    assert_int_equal(strncmp(made, "/tmp/pywarden-runs-", 19), 0);
    pw_hosttmp_remove(entry, pw_now_ms() + 1000); /* the pool's entry, wherever it was made */
    assert_int_equal(entries_of(elsewhere, true), 0);
    char real_nest[64];
    snprintf(real_nest, sizeof real_nest, "/tmp/pywarden-runs-%u", (unsigned)geteuid());
    rmdir(real_nest); /* where this test made it; left when another's runs are in it */
    unsetenv("TMPDIR");
    t_rmtree(tmp);
}

/* A process of the run that left its group (noproc and seccomp off, as a policy may set them)
 * and keeps filling the run's directory held its removal, and the answer, for as long as it
 * lived: forever for one that never ends, a serve worker gone. Removal now stops after the
 * run's timeout_ms and leaves the rest. Cold and warm. The writer paces itself: flat out it
 * left ~110 000 directories, whose removal took minutes on a loaded disk. */
static void a_writer_that_outlives_the_run_does_not_hold_its_answer(void **state)
{
    (void)state;
    char *tmp = t_mkdtemp();
    setenv("TMPDIR", tmp, 1);
    const char *code = "import os, tempfile, time\n"
                       "d = tempfile.gettempdir()\n"
                       "if os.fork() == 0:\n"
                       "    os.setsid()\n"
                       "    end = time.time() + 8\n"
                       "    i = 0\n"
                       "    while time.time() < end:\n"
                       "        try:\n"
                       "            os.makedirs(os.path.join(d, str(i), 'x'))\n"
                       "        except OSError:\n"
                       "            pass\n"
                       "        i += 1\n"
                       "        time.sleep(0.001)\n"
                       "    os._exit(0)\n"
                       "time.sleep(0.2)\n"
                       "result = 1";
    /* The deadline leaves a loaded machine's cold start room (1000 ms did not, once, with
     * both cores busy: timeout at 1400 ms wall, 23 ms CPU); a held answer would take 8 s. */
    for (int warm = 0; warm < 2; warm++) {
        pw_pool *p = switched(warm, "mounts,audit,seccomp,noproc");
        double start = pw_now_ms();
        cJSON *r = t_pool_run_code(p, code, NULL, "{\"timeout_ms\": 3000}");
        double took = pw_now_ms() - start;
        t_assert_ok(r);
        cJSON_Delete(r);
        if (took > 6500) fail_msg("the answer took %.0f ms (warm %d)", took, warm);
        usleep((useconds_t)((8500 - took) * 1000)); /* until the writer is gone */
        switched_end(p);
    }
    unsetenv("TMPDIR");
    t_rmtree(tmp);
}

/* Runs of a host share its uid: one whose grants cover the host's TMPDIR (its work_dir, under
 * default, which reads ".") could read another's temporary files there. Their directories are
 * in a nest of mode 0300, which lists nothing: the run finds neither name nor file. */
static void a_run_granted_tmpdir_finds_no_other_runs_directory(void **state)
{
    (void)state;
    char *tmp = t_mkdtemp(), other[PW_HOSTTMP_MAX], extra[256];
    setenv("TMPDIR", tmp, 1);
    assert_true(pw_hosttmp_name(other, sizeof other));
    assert_true(pw_hosttmp_make(other));
    t_write_in(other, "secret", "of another run\n");
    snprintf(extra, sizeof extra, "{\"work_dir\": \"%s\"}", tmp);
    const char *code = "import pathlib\n"
                       "nest = next(pathlib.Path('.').glob('pywarden-runs-*'))\n"
                       "try:\n    result = [p.name for p in nest.iterdir()]\n"
                       "except PermissionError:\n    result = 'PermissionError'\n";
    for (int warm = 0; warm < 2; warm++) {
        pw_pool *p = switched(warm, "mounts");
        cJSON *r = t_pool_run_code(p, code, NULL, extra);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "\"PermissionError\"");
        cJSON_Delete(r);
        switched_end(p);
    }
    pw_hosttmp_remove(other, pw_now_ms() + 5000);
    assert_int_equal(entries(tmp), 0);
    unsetenv("TMPDIR");
    t_rmtree(tmp);
}

/* A pool whose TMPDIR is missing leases its runs' entry where their directories fall back to
 * (/tmp, as tempfile's): the entry was leased there but made nowhere, so its runs' directories
 * were plain ones in /tmp's nest, which a SIGKILLed serve left for good. Killed here (its lease
 * unlocked by its exit), what it left goes with the next supervisor's sweep. */
static void a_pool_without_its_tmpdir_leases_its_runs_where_they_fall_back(void **state)
{
    (void)state;
    char nest[PW_HOSTTMP_MAX], run[PW_HOSTTMP_MAX], prefix[64];
    int made[2];
    assert_int_equal(pipe(made), 0);
    setenv("TMPDIR", "/nonexistent/pywarden-test", 1);
    pid_t killed = fork();
    if (killed == 0) {
        char lease[PW_HOSTTMP_MAX];
        const char *at =
            pw_hosttmp_lease_nest(nest, lease) >= 0 && pw_hosttmp_name_in(nest, run, sizeof run)
                ? pw_hosttmp_make(run)
                : NULL;
        bool ok = at && strcmp(at, run) == 0;
        if (ok) t_write_in(run, "left", "by a killed pool\n");
        ok = ok && write(made[1], run, sizeof run) == (ssize_t)sizeof run;
        _exit(ok ? 0 : 1); /* as SIGKILL would: nothing released, nothing removed */
    }
    close(made[1]);
    assert_int_equal(read(made[0], run, sizeof run), (ssize_t)sizeof run);
    close(made[0]);
    int status;
    assert_int_equal(waitpid(killed, &status, 0), killed);
    assert_int_equal(status, 0);
    snprintf(prefix, sizeof prefix, "/tmp/pywarden-runs-%u/pywarden-run-", (unsigned)geteuid());
    if (strncmp(run, prefix, strlen(prefix)) != 0 || !strstr(run + strlen(prefix), "/"))
        fail_msg("the run's directory is not in a pool entry under /tmp: %s", run);
    assert_int_equal(access(run, F_OK), 0);
    char next[PW_HOSTTMP_MAX], lease[PW_HOSTTMP_MAX];
    assert_true(pw_hosttmp_name(next, sizeof next));
    int fd = pw_hosttmp_lease(next, lease); /* a cold run's supervisor sweeps first */
    assert_true(fd >= 0);
    pw_hosttmp_release(fd, lease);
    assert_int_equal(access(run, F_OK), -1);
    *strrchr(run, '/') = '\0';
    assert_int_equal(access(run, F_OK), -1); /* the pool's entry too */
    unsetenv("TMPDIR");
}

/* `pywarden run` stopped by a signal (SIGTERM from a service manager or timeout(1), a
 * terminal's Ctrl-C or hang-up) ends as that signal ends it, but after removing its run's
 * directory, which it left behind. */
static void a_stopped_cli_run_removes_its_tmp_dir(void **state)
{
    (void)state;
    char *tmp = t_mkdtemp();
    const int stops[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            setenv("TMPDIR", tmp, 1);
            setenv("PYWARDEN_TEST_DISABLE_LAYERS", "mounts", 1);
            signal(stops[i], SIG_DFL);
            int null = open("/dev/null", O_RDWR);
            dup2(null, 0), dup2(null, 1);
            execl(PW_BIN, "pywarden", "run", "--code", "import time\ntime.sleep(30)", (char *)NULL);
            _exit(127);
        }
        /* its lease and its directory */
        for (double until = pw_now_ms() + 20000; entries(tmp) != 2 && pw_now_ms() < until;)
            usleep(10000);
        assert_int_equal(entries(tmp), 2);
        kill(pid, stops[i]);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), stops[i]);
        assert_int_equal(entries(tmp), 0);
    }
    t_rmtree(tmp);
}
#endif

/* A process of the run still alive as its directory is removed (a concurrent run granted the
 * host's TMPDIR, or one that left its group under a policy with noproc off) swaps a directory
 * the remover must make writable for a link to one outside: the remover, as the run's uid,
 * changes no mode outside the directory. Races for up to 4 s; it won within ~0.1 s. */
static void removal_chmods_nothing_a_link_was_swapped_for(void **state)
{
    (void)state;
    char *base = t_mkdtemp(), victim[160], nest[160], dir[180], sub[200], x[220], link[220];
    uid_t uid = getuid() ? getuid() : 65534; /* the remover may not write a mode-0555 directory */
    snprintf(victim, sizeof victim, "%s/victim", base);
    snprintf(nest, sizeof nest, "%s/nest", base);
    snprintf(dir, sizeof dir, "%s/run", nest);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(x, sizeof x, "%s/x", sub);
    snprintf(link, sizeof link, "%s/link", sub);
    assert_int_equal(chmod(base, 0777), 0);
    assert_int_equal(mkdir(victim, 0755), 0);
    assert_int_equal(lchown(victim, uid, uid), 0);
    assert_int_equal(mkdir(nest, 0300), 0); /* the remover's, as pw_hosttmp_make makes it */
    assert_int_equal(lchown(nest, uid, uid), 0);
    bool changed = false;
    for (double until = pw_now_ms() + 4000; !changed && pw_now_ms() < until;) {
        assert_int_equal(mkdir(dir, 0700), 0);
        assert_int_equal(mkdir(sub, 0755), 0);
        assert_int_equal(mkdir(x, 0555), 0);
        assert_int_equal(symlink(victim, link), 0);
        const char *made[] = {dir, sub, x, link};
        for (int i = 0; i < 4; i++)
            assert_int_equal(lchown(made[i], uid, uid), 0);
        pid_t swapper = fork();
        if (swapper == 0) {
            for (;;)
                renameat2(AT_FDCWD, x, AT_FDCWD, link, RENAME_EXCHANGE);
        }
        pid_t remover = fork();
        if (remover == 0) {
            if (getuid() == 0 && setresuid(uid, uid, uid) != 0) _exit(2);
            pw_hosttmp_remove(dir, pw_now_ms() + 60000);
            _exit(0);
        }
        int status;
        assert_int_equal(waitpid(remover, &status, 0), remover);
        kill(swapper, SIGKILL);
        waitpid(swapper, NULL, 0);
        assert_int_equal(status, 0);
        assert_int_equal(access(dir, F_OK), -1); /* gone all the same, x made writable */
        struct stat st;
        assert_int_equal(stat(victim, &st), 0);
        changed = (st.st_mode & 07777) != 0755;
        t_rmtree(dir);
    }
    if (changed)
        fail_msg("the remover changed the mode of %s, outside the run's directory", victim);
    t_rmtree(base);
}

#define BOTH(f)                                                                                    \
    cmocka_unit_test_setup_teardown(f, setup, teardown),                                           \
        cmocka_unit_test_setup_teardown(f, warm_setup, warm_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(stat_outside_the_view_is_no_such_file),
        BOTH(tempfile_works_in_a_private_tmp),
        BOTH(tempfile_works_with_tmp_as_the_work_dir),
        BOTH(no_private_tmp_where_grants_cover_both),
        BOTH(tmp_is_capped_by_tmp_mb),
        BOTH(write_paths_are_created_and_refusals_named),
        BOTH(numpy_under_data_with_mounts),
        cmocka_unit_test_setup_teardown(policy_tmp_mb_is_checked, setup, teardown),
        cmocka_unit_test(refused_user_namespaces_skip_mounts),
        cmocka_unit_test(removal_chmods_nothing_a_link_was_swapped_for),
#ifdef PW_TEST_SWITCHES
        cmocka_unit_test_setup_teardown(pandas_under_data_with_mounts, setup, teardown),
        cmocka_unit_test_setup_teardown(without_a_view_a_run_gets_a_tmp_dir_removed_after_it, setup,
                                        teardown),
        cmocka_unit_test(tmpdir_spelled_with_slashes_and_dots),
        cmocka_unit_test(a_run_granted_tmpdir_finds_no_other_runs_directory),
        cmocka_unit_test(a_pool_without_its_tmpdir_leases_its_runs_where_they_fall_back),
        cmocka_unit_test(a_host_tmpdir_that_cannot_hold_a_run_is_passed_over),
        cmocka_unit_test(a_nest_removed_meanwhile_is_made_again),
        cmocka_unit_test(a_pool_nest_behind_a_link_is_not_followed),
        cmocka_unit_test(a_stopped_cli_run_removes_its_tmp_dir),
        cmocka_unit_test(a_writer_that_outlives_the_run_does_not_hold_its_answer),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
