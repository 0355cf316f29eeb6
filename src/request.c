/* Request parsing and validation: every way a request can be wrong becomes an
 * invalid_request naming the field, before anything is forked. */
#include "request.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "jsonconv.h"
#include "mounttable.h"
#include "result.h"

#define PW_MAX_INPUT_DEPTH 100
#define PW_MAX_NAME 255 /* entry, mode */
#define PW_MAX_TIMEOUT_MS (24L * 3600 * 1000)

static const char *const request_keys[] = {"code",   "script",     "inputs",
                                           "policy", "timeout_ms", "entry",
                                           "mode",   "work_dir",   "result_encoding"};

static cJSON *given_twice(const char *key)
{
    return pw_result_fail_field("invalid_request", key, "request key '%s' appears more than once",
                                key);
}

cJSON *pw_req_take_id(cJSON *obj, cJSON **id)
{
    *id = cJSON_DetachItemFromObjectCaseSensitive(obj, "id");
    /* A second one would otherwise reach the request as an unknown key. */
    return cJSON_GetObjectItemCaseSensitive(obj, "id") ? given_twice("id") : NULL;
}

static cJSON *check_keys(const cJSON *obj)
{
    const char *repeated = pw_json_repeated_key(obj);
    if (repeated) return given_twice(repeated);
    for (const cJSON *c = obj->child; c; c = c->next) {
        bool known = false;
        for (size_t i = 0; i < sizeof request_keys / sizeof *request_keys; i++)
            known = known || strcmp(c->string, request_keys[i]) == 0;
        if (!known)
            return pw_result_fail_field("invalid_request", c->string,
                                        "unknown request key '%s' (known: code, script, inputs, "
                                        "policy, timeout_ms, entry, mode, work_dir, "
                                        "result_encoding)",
                                        c->string);
    }
    return NULL;
}

/* The string member key (NULL when absent), at most max bytes long. */
static const char *opt_string(const cJSON *obj, const char *key, size_t max, cJSON **err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v)) return NULL;
    if (!cJSON_IsString(v)) {
        *err = pw_result_fail_field("invalid_request", key, "'%s' must be a string%s", key,
                                    pw_json_is_nul_string(v) ? " without U+0000" : "");
        return NULL;
    }
    if (strlen(v->valuestring) > max) {
        *err =
            pw_result_fail_field("invalid_request", key, "'%s' is longer than %zu bytes", key, max);
        return NULL;
    }
    return v->valuestring;
}

/* Grants beneath the work directory (the policy's relative paths: "." is the directory
 * itself) on or over a filesystem of the kernel's own are refused: runs see no /proc, /sys
 * or /dev of the host, whatever work_dir names. */
static cJSON *check_kernel_grants(const pw_req *req, pw_mount_table *mounts)
{
    const pw_strv *lists[] = {&req->policy.read_paths, &req->policy.write_paths};
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->n; i++) {
            const char *path = lists[l]->v[i];
            const char *kind =
                pw_path_under(path, req->work_dir) ? pw_kernel_fs_at(mounts, path) : NULL;
            if (kind)
                return pw_result_fail_field(
                    "invalid_request", "work_dir",
                    "work_dir '%.200s': the policy grants '%.200s', which is on or holds a "
                    "filesystem of the kernel's own (%s) that runs never see",
                    req->work_dir, path, kind);
        }
    return NULL;
}

static const char *kernel_fs_at_path(const char *path)
{
    int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    const char *kind = fd >= 0 ? pw_kernel_fs_of(fd) : NULL;
    if (fd >= 0) close(fd);
    return kind;
}

cJSON *pw_req_work_dir(const char *given, char **out)
{
    char buf[PATH_MAX];
    if (!given) {
        if (!getcwd(buf, sizeof buf))
            return pw_result_fail_field("invalid_request", "work_dir",
                                        "no work_dir given and the current directory cannot be "
                                        "used (getcwd: %s): name one",
                                        strerror(errno));
        given = buf;
    }
    /* A run may have left a symlink in a directory it could write; a later request naming
     * a work_dir through it would be granted wherever it points. */
    char *real = pw_realpath_no_links(given);
    struct stat st;
    int e = !real                  ? (errno ? errno : ENOENT)
            : stat(real, &st) != 0 ? errno
            : !S_ISDIR(st.st_mode) ? ENOTDIR
                                   : 0;
    const char *kernel = e ? NULL : kernel_fs_at_path(real);
    char kernel_why[128];
    if (kernel)
        snprintf(kernel_why, sizeof kernel_why,
                 "on a filesystem of the kernel's own (%s), which runs never see", kernel);
    const char *why = e == ELOOP ? "it passes through a symbolic link, which a work_dir may not (a "
                                   "run may have left it): name the directory it resolves to"
                      : e        ? strerror(e)
                      : kernel   ? kernel_why
                      : strlen(real) > PW_WORK_DIR_MAX
                          ? "longer than the 4080 bytes a run's view can hold"
                          : NULL;
    /* Out of fds or memory is the host's trouble, not the request's */
    bool host = e == EMFILE || e == ENFILE || e == ENOMEM;
    if (why) {
        free(real);
        return pw_result_fail_field(host ? "internal" : "invalid_request", "work_dir",
                                    "work_dir '%.200s%s': %s", given,
                                    strlen(given) > 200 ? "..." : "", why);
    }
    *out = real;
    return NULL;
}

/* Under a work root of "": the field a request names a path by, if any. */
static const char *named_path(const cJSON *request)
{
    const cJSON *policy = cJSON_GetObjectItemCaseSensitive(request, "policy");
    return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(request, "work_dir")) ? "work_dir"
           : cJSON_IsString(cJSON_GetObjectItemCaseSensitive(request, "script")) ? "script"
           : cJSON_IsString(policy) && !pw_policy_is_name(policy->valuestring)   ? "policy"
                                                                                 : NULL;
}

/* path taken from base when relative, into out[PATH_MAX]; false when too long */
static bool path_from(const char *base, const char *path, char *out)
{
    int n = path[0] == '/' ? snprintf(out, PATH_MAX, "%s", path)
                           : snprintf(out, PATH_MAX, "%s/%s", base, path);
    return n >= 0 && n < PATH_MAX;
}

static cJSON *set_string(cJSON *obj, const char *key, const char *value)
{
    cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsString(item) && cJSON_SetValuestring(item, value)) return NULL;
    /* ReplaceItemViaPointer would leave the new item without its key ("work_dir": null
     * then ran in the host's cwd): the by-name replace names it */
    cJSON *s = cJSON_CreateString(value);
    if (s && (item ? cJSON_ReplaceItemInObjectCaseSensitive(obj, key, s)
                   : cJSON_AddItemToObject(obj, key, s)))
        return NULL;
    cJSON_Delete(s);
    return pw_result_fail("internal", "out of memory");
}

static cJSON *outside_root(const char *field, const char *what, const char *path,
                           const char *work_root)
{
    return pw_result_fail_field("invalid_request", field,
                                "%s '%.200s' is outside the host's work root '%.200s' "
                                "(--work-root)",
                                what, path, work_root);
}

/* The request's work_dir, relative ones taken from the root, resolved and beneath it. */
static cJSON *confined_work_dir(const char *given, const char *work_root, char **real)
{
    char path[PATH_MAX];
    if (given && !path_from(work_root, given, path))
        return pw_result_fail_field("invalid_request", "work_dir", "work_dir '%.200s': %s", given,
                                    strerror(ENAMETOOLONG));
    cJSON *err = pw_req_work_dir(given ? path : work_root, real);
    if (err || pw_path_under(*real, work_root)) return err;
    free(*real);
    *real = NULL;
    return outside_root("work_dir", "work_dir", given, work_root);
}

/* A policy file named by path: beneath the root too, relative ones taken from the work_dir,
 * and named by its resolved path from here on (the ceiling reads it from the host's cwd). */
static cJSON *confined_policy_file(cJSON *request, const char *work_root, const char *work_dir)
{
    cJSON *spec = cJSON_GetObjectItemCaseSensitive(request, "policy");
    if (!cJSON_IsString(spec) || pw_policy_is_name(spec->valuestring)) return NULL;
    char path[PATH_MAX];
    errno = ENAMETOOLONG; /* when the path does not fit */
    char *real = path_from(work_dir, spec->valuestring, path) ? realpath(path, NULL) : NULL;
    if (!real && errno != ENOMEM)
        return pw_result_fail_field("invalid_request", "policy", "policy file '%.200s': %s",
                                    spec->valuestring, strerror(errno));
    cJSON *err = !real ? pw_result_fail("internal", "out of memory")
                 : pw_path_under(real, work_root)
                     ? set_string(request, "policy", real)
                     : outside_root("policy", "policy file", spec->valuestring, work_root);
    free(real);
    return err;
}

cJSON *pw_req_confine(cJSON *request, const char *work_root)
{
    if (!work_root) return NULL;
    cJSON *err = NULL;
    const char *given = opt_string(request, "work_dir", PATH_MAX - 1, &err);
    if (err) return err;
    if (!*work_root) { /* no path at all: the host's own directory, its own files */
        const char *named = named_path(request);
        return named ? pw_result_fail_field("invalid_request", named,
                                            "'%s' is refused: this host takes no paths from its "
                                            "requests (--work-root DIR allows those beneath "
                                            "DIR)%s",
                                            named,
                                            strcmp(named, "policy") == 0
                                                ? "; name a policy"
                                                : "; send the code as 'code'")
                     : NULL;
    }
    char *real = NULL;
    err = confined_work_dir(given, work_root, &real);
    if (!err) err = set_string(request, "work_dir", real);
    if (!err) err = confined_policy_file(request, work_root, real);
    free(real);
    return err;
}

/* A host started in '/' (a service, a container's default) has no job directory there: "."
 * would grant its whole root, which a named work_dir '/' is refused for (check_root_grant). */
const char *pw_req_policy_base(const char *named, const char *work_dir)
{
    return !named && strcmp(work_dir, "/") == 0 ? "" : work_dir;
}

/* An absolute script path inside the work directory, as the path beneath it (NULL when it
 * is not inside: RESOLVE_BENEATH then refuses it as outside). */
static char *beneath_work_dir(const char *script, const char *work_dir)
{
    char *real = realpath(script, NULL);
    size_t n = strcmp(work_dir, "/") == 0 ? 0 : strlen(work_dir);
    char *rel = real && strncmp(real, work_dir, n) == 0 && real[n] == '/' && real[n + 1]
                    ? pw_strdup(real + n + 1)
                    : NULL;
    free(real);
    return rel;
}

/* Reads the script beneath work_dir; RESOLVE_BENEATH refuses `..`, absolute paths and
 * symlinks that leave the root, whatever the path looks like. */
static cJSON *read_script(const char *script, pw_req *req)
{
    char *rel = script[0] == '/' ? beneath_work_dir(script, req->work_dir) : NULL;
    /* checked as free of symlinks, and opened so: none swapped in since leads elsewhere */
    struct open_how dir_how = {.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
                               .resolve = RESOLVE_NO_SYMLINKS};
    int dirfd = (int)syscall(SYS_openat2, AT_FDCWD, req->work_dir, &dir_how, sizeof dir_how);
    struct open_how how = {.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY,
                           .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
    int fd =
        dirfd < 0 ? -1 : (int)syscall(SYS_openat2, dirfd, rel ? rel : script, &how, sizeof how);
    int e = errno;
    free(rel);
    if (dirfd >= 0) close(dirfd);
    if (fd < 0)
        return pw_result_fail_field("invalid_request", "script", "script '%s': %s", script,
                                    e == EXDEV ? "outside the work directory" : strerror(e));
    /* The supervisor reads it as the host's user: never one of the kernel's files (its own
     * /proc/self/maps, the host's mount table), which no run may read. */
    struct stat st;
    const char *kernel = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? pw_kernel_fs_of(fd) : NULL;
    if (kernel) {
        close(fd);
        return pw_result_fail_field("invalid_request", "script",
                                    "script '%s': on a filesystem of the kernel's own (%s), "
                                    "which runs never see",
                                    script, kernel);
    }
    size_t len = 0;
    req->code = pw_read_fd(fd, req->policy.max_input_bytes, &len);
    e = errno;
    close(fd);
    if (!req->code) return pw_req_unread_script(script, e, req->policy.max_input_bytes);
    if (strlen(req->code) != len) return pw_req_unread_script(script, 0, 0);
    req->filename = pw_strdup(script);
    return NULL;
}

cJSON *pw_req_unread_script(const char *script, int e, size_t max)
{
    if (!e)
        return pw_result_fail_field("invalid_request", "script", "script '%s' contains a NUL byte",
                                    script);
    if (e == EFBIG)
        return pw_result_fail_field("invalid_request", "script",
                                    "script '%s' is larger than max_input_bytes (%zu)", script,
                                    max);
    return pw_result_fail_field("invalid_request", "script", "script '%s': %s", script,
                                pw_read_error(e));
}

char *pw_req_code_dir(const char *work_dir, const char *filename)
{
    pw_buf b = {0};
    const char *slash = strcmp(filename, "<code>") != 0 ? strrchr(filename, '/') : NULL;
    if (!slash)
        pw_buf_appendf(&b, "%s", work_dir);
    else if (filename[0] == '/')
        pw_buf_appendf(&b, "%.*s", slash == filename ? 1 : (int)(slash - filename), filename);
    else
        pw_buf_appendf(&b, "%s/%.*s", work_dir, (int)(slash - filename), filename);
    return pw_buf_take(&b);
}

static cJSON *parse_source(const cJSON *obj, pw_req *req)
{
    cJSON *err = NULL;
    const char *code = opt_string(obj, "code", SIZE_MAX, &err);
    const char *script = err ? NULL : opt_string(obj, "script", PATH_MAX - 1, &err);
    if (err) return err;
    if (!code == !script)
        return pw_result_fail_field("invalid_request", code ? "script" : "code",
                                    "give exactly one of 'code' and 'script'");
    if (script) return read_script(script, req);
    if (strlen(code) > req->policy.max_input_bytes)
        return pw_result_fail_field("invalid_request", "code",
                                    "code is larger than max_input_bytes (%zu)",
                                    req->policy.max_input_bytes);
    req->code = pw_strdup(code);
    req->filename = pw_strdup("<code>");
    return NULL;
}

static cJSON *parse_inputs(const cJSON *obj, pw_req *req)
{
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(obj, "inputs");
    if (!in || cJSON_IsNull(in)) {
        req->inputs_json = pw_strdup("{}");
        return req->inputs_json ? NULL : pw_result_fail("internal", "out of memory");
    }
    bool kept = pw_json_is_kept_object(in); /* checked and compacted by pw_req_json */
    /* n8n hands its code node a list of items: say where a list goes */
    if (!kept && cJSON_IsArray(in))
        return pw_result_fail_field("invalid_request", "inputs",
                                    "'inputs' must be a JSON object, not an array: put a list "
                                    "under a key, e.g. {\"_items\": [...]}, which mode \"body\" "
                                    "binds as _items");
    if (!kept && !cJSON_IsObject(in))
        return pw_result_fail_field("invalid_request", "inputs", "'inputs' must be a JSON object");
    if (!kept && pw_json_depth(in) > PW_MAX_INPUT_DEPTH)
        return pw_result_fail_field("invalid_request", "inputs",
                                    "inputs are nested deeper than %d levels", PW_MAX_INPUT_DEPTH);
    req->inputs_json = kept ? pw_strdup(in->valuestring) : cJSON_PrintUnformatted(in);
    if (!req->inputs_json) return pw_result_fail("internal", "out of memory");
    size_t size = strlen(req->inputs_json);
    if (size > req->policy.max_input_bytes)
        return pw_result_fail_field("invalid_request", "inputs",
                                    "inputs are %zu bytes, over max_input_bytes (%zu)", size,
                                    req->policy.max_input_bytes);
    return NULL;
}

static cJSON *parse_timeout(const cJSON *obj, pw_req *req)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(obj, "timeout_ms");
    req->timeout_ms = req->policy.timeout_ms;
    if (!t || cJSON_IsNull(t)) return NULL;
    long long ms;
    if (!pw_json_get_int(t, 1, PW_MAX_TIMEOUT_MS, &ms))
        return pw_result_fail_field("invalid_request", "timeout_ms",
                                    "timeout_ms must be an integer from 1 to %ld",
                                    PW_MAX_TIMEOUT_MS);
    if (ms > req->policy.timeout_ms && !req->policy.request_may_loosen)
        return pw_result_fail_field("invalid_request", "timeout_ms",
                                    "timeout_ms %lld is over the policy's %ld (a request may "
                                    "tighten a policy, not loosen it)",
                                    ms, req->policy.timeout_ms);
    req->timeout_ms = (long)ms;
    return NULL;
}

static cJSON *parse_entry_mode(const cJSON *obj, pw_req *req)
{
    cJSON *err = NULL;
    const char *entry = opt_string(obj, "entry", PW_MAX_NAME, &err);
    const char *mode = err ? NULL : opt_string(obj, "mode", PW_MAX_NAME, &err);
    if (err) return err;
    if (entry && !pw_is_identifier(entry))
        return pw_result_fail_field("invalid_request", "entry",
                                    "entry '%s' is not a Python identifier", entry);
    if (mode && strcmp(mode, "stdio") != 0 && strcmp(mode, "main") != 0 &&
        strcmp(mode, "body") != 0)
        return pw_result_fail_field("invalid_request", "mode",
                                    "mode must be \"main\" (main(inputs) or result), \"body\" (the "
                                    "code is a function body) or \"stdio\"");
    req->stdio = mode && strcmp(mode, "stdio") == 0;
    req->body = mode && strcmp(mode, "body") == 0;
    if (entry && (req->stdio || req->body))
        return pw_result_fail_field("invalid_request", "entry", "entry does not apply to mode %s",
                                    mode);
    req->entry = entry ? pw_strdup(entry) : NULL;
    return NULL;
}

/* A request may choose either encoding, whatever its policy says: lenient only changes
 * how a result is written, never what the code may do. */
static cJSON *parse_encoding(const cJSON *obj, pw_req *req)
{
    cJSON *err = NULL;
    const char *enc = opt_string(obj, "result_encoding", PW_MAX_NAME, &err);
    req->lenient = req->policy.lenient_results;
    if (err || !enc || pw_result_encoding(enc, &req->lenient)) return err;
    return pw_result_fail_field("invalid_request", "result_encoding",
                                "result_encoding must be \"strict\" or \"lenient\"");
}

/* Creates rel (a relative path, its parents too) beneath the directory root, one component
 * at a time and never through a symlink or `..`: nothing can be created outside root. */
static bool mkdirs_beneath(const char *root, const char *rel)
{
    int dir = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    char *copy = pw_strdup(rel), *save = NULL;
    struct open_how how = {.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
                           .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS};
    for (char *c = copy ? strtok_r(copy, "/", &save) : NULL; c && dir >= 0;
         c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0) continue;
        int next = -1;
        if (strcmp(c, "..") != 0 && (mkdirat(dir, c, 0755) == 0 || errno == EEXIST))
            next = (int)syscall(SYS_openat2, dir, c, &how, sizeof how);
        close(dir);
        dir = next;
    }
    bool ok = copy && dir >= 0;
    if (dir >= 0) close(dir);
    free(copy);
    return ok;
}

/* Each write_paths entry inside the work directory that does not exist yet is created before
 * the run (the policy's output directory, e.g. data's out/), then canonicalised like any
 * existing entry. Entries outside the work directory are never created. */
static void create_write_paths(pw_req *req)
{
    size_t n = strcmp(req->work_dir, "/") == 0 ? 0 : strlen(req->work_dir);
    for (size_t i = 0; i < req->policy.write_paths.n; i++) {
        char **path = &req->policy.write_paths.v[i];
        struct stat st;
        if (strncmp(*path, req->work_dir, n) != 0 || (*path)[n] != '/' || lstat(*path, &st) == 0 ||
            !mkdirs_beneath(req->work_dir, *path + n + 1))
            continue;
        char *real = realpath(*path, NULL);
        if (real) {
            free(*path);
            *path = real;
        }
    }
}

/* A grant of '/' (work_dir "/" under a policy reading "."), which no view can narrow: refused
 * here, before the policy's output directories would be created under the host's root for a
 * run that cannot start. */
static cJSON *check_root_grant(const pw_req *req, const char *named_work_dir)
{
    const pw_policy *p = &req->policy;
    if (p->layers[PW_LAYER_MOUNTS] == PW_NEED_OFF) return NULL;
    if (!pw_strv_contains(&p->read_paths, "/") && !pw_strv_contains(&p->write_paths, "/"))
        return NULL;
    bool by_work_dir = named_work_dir && strcmp(req->work_dir, "/") == 0;
    return pw_result_fail_field(
        "invalid_request", by_work_dir ? "work_dir" : "policy",
        "%s grants '/', which no view can narrow: use another work_dir, or a policy with "
        "layers.mounts \"off\"",
        by_work_dir ? "work_dir '/' under this policy" : "the policy");
}

cJSON *pw_req_from_json(const cJSON *obj, pw_req *req)
{
    return pw_req_from_json_cached(obj, req, NULL);
}

cJSON *pw_req_from_json_cached(const cJSON *obj, pw_req *req, pw_policy_cache *policies)
{
    memset(req, 0, sizeof *req);
    if (!cJSON_IsObject(obj))
        return pw_result_fail("invalid_request", "the request must be a JSON object");
    cJSON *err = check_keys(obj);
    const char *work_dir = err ? NULL : opt_string(obj, "work_dir", PATH_MAX - 1, &err);
    if (!err) err = pw_req_work_dir(work_dir, &req->work_dir);
    const char *base = err ? NULL : pw_req_policy_base(work_dir, req->work_dir);
    if (!err)
        err = pw_policy_load_cached(policies, cJSON_GetObjectItemCaseSensitive(obj, "policy"), base,
                                    &req->policy);
    if (!err) err = parse_source(obj, req);
    if (!err) err = parse_inputs(obj, req);
    if (!err) err = parse_timeout(obj, req);
    if (!err) err = parse_entry_mode(obj, req);
    if (!err) err = parse_encoding(obj, req);
    if (!err) err = check_root_grant(req, work_dir);
    /* Without a work directory no grant is beneath one: the policy's absolute grants are
     * judged as from any other directory (trusted's '/' from a service started in '/'). */
    if (!err && base[0]) err = check_kernel_grants(req, pw_policy_cache_mounts(policies));
    if (!err && base[0]) create_write_paths(req); /* none without a work directory */
    if (err) pw_req_free(req);
    return err;
}

cJSON *pw_req_json(const char *text, const char **why)
{
    return pw_json_parse_keeping(text, "inputs", PW_MAX_INPUT_DEPTH, why);
}

cJSON *pw_req_json_failure(const char *why)
{
    if (why == pw_json_no_memory)
        return pw_result_fail("internal", "out of memory reading the request");
    return pw_result_fail("invalid_request", "the request is not valid JSON: %s", why);
}

cJSON *pw_req_parse(const char *text, pw_req *req)
{
    memset(req, 0, sizeof *req);
    if (!pw_utf8_valid(text, strlen(text)))
        return pw_result_fail("invalid_request", "the request is not valid UTF-8");
    const char *why = NULL;
    cJSON *obj = pw_req_json(text, &why);
    if (!obj) return pw_req_json_failure(why);
    cJSON *err = pw_req_from_json(obj, req);
    cJSON_Delete(obj);
    return err;
}

void pw_req_free(pw_req *req)
{
    free(req->code);
    free(req->filename);
    free(req->inputs_json);
    free(req->entry);
    free(req->work_dir);
    pw_policy_free(&req->policy);
    memset(req, 0, sizeof *req);
}
