/* Run-time locations (paths.h). pywarden's own file is the shared library when a host
 * links libpywarden.so (dladdr), else the executable (/proc/self/exe); everything else is
 * found from it, so nothing depends on where the build happened. */
#include "paths.h"

#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct {
    char self[PATH_MAX];        /* pywarden's own file, canonical; "" when unknown */
    char self_policy[PATH_MAX]; /* candidate (1) of pw_policy_dir; "" when none */
    char home[PATH_MAX], stdlib[PATH_MAX], modules[PATH_MAX], site[PATH_MAX];
    char zip[PATH_MAX], dynload[PATH_MAX]; /* a bundle's; "" otherwise */
} loc;
static pthread_once_t loc_once = PTHREAD_ONCE_INIT;

static bool is_dir(const char *path)
{
    struct stat st;
    return path && *path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* a "/" b into out[PATH_MAX]; "" when it does not fit. */
static void join(char *out, const char *a, const char *b)
{
    if (snprintf(out, PATH_MAX, "%s/%s", a, b) >= PATH_MAX) out[0] = '\0';
}

/* path with its last n components removed, into out (which may be path). */
static void strip_components(char *out, const char *path, int n)
{
    if (out != path) snprintf(out, PATH_MAX, "%s", path);
    for (int i = 0; i < n; i++) {
        char *slash = strrchr(out, '/');
        if (!slash) break;
        *slash = '\0';
    }
    if (!out[0]) snprintf(out, PATH_MAX, "/");
}

static bool in_build_tree(const char *file)
{
#ifdef PW_BUNDLE
    (void)file;
    return false; /* a bundle always uses its own files, wherever it was built */
#else
    char build[PATH_MAX];
    if (!realpath(PW_BUILD_DIR, build)) return false;
    size_t n = strlen(build);
    return strncmp(file, build, n) == 0 && file[n] == '/';
#endif
}

static void locate(void)
{
    /* A shared library has its own name in the link map; the executable's is "". */
    Dl_info info;
    struct link_map *map = NULL;
    bool shared = dladdr1((void *)&pw_policy_dir, &info, (void **)&map, RTLD_DL_LINKMAP) && map &&
                  map->l_name && map->l_name[0];
    if (!realpath(shared ? map->l_name : "/proc/self/exe", loc.self)) loc.self[0] = '\0';
    char dir[PATH_MAX];
    strip_components(dir, loc.self, 1);
    if (loc.self[0]) {
        /* "../share/pywarden/policy" from bin/: drop a component of dir for each "../" */
        const char *rel = shared ? PW_LIB_TO_POLICY_DIR : PW_BIN_TO_POLICY_DIR;
        char base[PATH_MAX];
        snprintf(base, PATH_MAX, "%s", dir);
        for (; strncmp(rel, "../", 3) == 0; rel += 3)
            strip_components(base, base, 1);
        join(loc.self_policy, base, rel);
    }
    /* A prefix installed inside the build tree (build/install) has its own policies. */
    struct stat st;
    if (in_build_tree(loc.self) && stat(loc.self_policy, &st) != 0)
        snprintf(loc.self_policy, PATH_MAX, "%s", PW_POLICY_BUILD_DIR);
#ifdef PW_BUNDLE
    /* <bundle>/bin/pywarden: the stdlib is <bundle>/lib/python3X.zip, extension modules in
     * lib/python3.X/lib-dynload, the libraries they and pywarden need in lib/. */
    strip_components(loc.home, dir, 1);
    join(loc.stdlib, loc.home, "lib");
    join(loc.zip, loc.stdlib, PW_STDLIB_ZIP_NAME);
    snprintf(loc.modules, PATH_MAX, "%s", PW_BUNDLE_STDLIB_ROOT); /* see cmake/stdlib_zip.py */
    join(loc.dynload, loc.stdlib, PW_PYTHON_LIBDIR_NAME "/lib-dynload");
#else
    snprintf(loc.home, PATH_MAX, "%s", PW_PYTHON_PREFIX);
    snprintf(loc.stdlib, PATH_MAX, "%s/lib/%s", PW_PYTHON_PREFIX, PW_PYTHON_LIBDIR_NAME);
    snprintf(loc.modules, PATH_MAX, "%s", loc.stdlib);
    snprintf(loc.site, PATH_MAX, "%s/lib/python3/dist-packages", PW_PYTHON_PREFIX);
#endif
}

static const char *located(const char *field)
{
    pthread_once(&loc_once, locate);
    return field;
}

/* The candidates of pw_policy_dir, in order; a NULL entry is an unset $PYWARDEN_POLICY_DIR. */
static void policy_candidates(const char *c[3])
{
    const char *env = pw_setting("PYWARDEN_POLICY_DIR");
    const char *self = located(loc.self_policy);
    c[0] = *self ? self : NULL;
    c[1] = env && *env ? env : NULL;
    c[2] = PW_POLICY_INSTALL_DIR;
}

const char *pw_policy_dir(void)
{
    const char *c[3];
    policy_candidates(c);
    for (int i = 0; i < 3; i++)
        if (is_dir(c[i])) return c[i];
    return NULL;
}

/* " (missing)", or where path is a symbolic link (a deploy's `current`) that leads nowhere,
 * where it points: the link itself is there, so "missing" alone misled. */
static void describe_missing(pw_buf *out, const char *path)
{
    char target[PATH_MAX];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n <= 0) {
        pw_buf_appendf(out, " (missing)");
        return;
    }
    target[n] = '\0';
    pw_buf_appendf(out, " (a link to '%s', which leads to no directory)", target);
}

void pw_policy_dirs_describe(pw_buf *out)
{
    const char *c[3];
    policy_candidates(c);
    for (int i = 0; i < 3; i++) {
        if (!c[i]) {
            if (i == 0)
                pw_buf_appendf(out,
                               "the directory beside the executable (unknown: %s could not "
                               "be resolved, is /proc mounted?), ",
                               "/proc/self/exe");
            if (i == 1) pw_buf_appendf(out, "$PYWARDEN_POLICY_DIR (unset), ");
            continue;
        }
        bool found = is_dir(c[i]);
        pw_buf_appendf(out, "%s%s", i == 1 ? "$PYWARDEN_POLICY_DIR=" : "", c[i]);
        if (found) return;
        describe_missing(out, c[i]);
        if (i < 2) pw_buf_appendf(out, ", ");
    }
}

const char *pw_python_home(void)
{
    return located(loc.home);
}

const char *pw_stdlib_dir(void)
{
    return located(loc.stdlib);
}

const char *pw_stdlib_modules(void)
{
    return located(loc.modules);
}

const char *pw_site_dir(void)
{
    return located(loc.site);
}

const char *pw_stdlib_zip(void)
{
    const char *zip = located(loc.zip);
    return *zip ? zip : NULL;
}

const char *pw_stdlib_dynload(void)
{
    const char *dynload = located(loc.dynload);
    return *dynload ? dynload : NULL;
}
