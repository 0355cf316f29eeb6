/* Policies: what a run may do. Loaded from policy/NAME.json (by name or path) or an inline
 * object, merged along `extends`, then tightened by the request. */
#ifndef PW_POLICY_H
#define PW_POLICY_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Sandbox layers, in the order the child applies them (DESIGN.md §4). */
typedef enum {
    PW_LAYER_AUDIT,
    PW_LAYER_FDS,
    PW_LAYER_RLIMIT,
    PW_LAYER_NOPROC,
    PW_LAYER_NAMESPACES,
    PW_LAYER_MOUNTS,
    PW_LAYER_LANDLOCK,
    PW_LAYER_SECCOMP,
    PW_LAYER_COUNT
} pw_layer;

typedef enum { PW_NEED_OFF, PW_NEED_BEST_EFFORT, PW_NEED_REQUIRED } pw_need;

const char *pw_layer_name(pw_layer layer);
/* PW_LAYER_COUNT when the name is unknown. */
pw_layer pw_layer_from_name(const char *name);

typedef struct pw_policy {
    char *name; /* the name or path it was loaded by, for messages */
    pw_strv blocked_modules;
    pw_strv unblocked_modules; /* what this chain took out of an inherited blocked_modules */
    pw_strv allowed_modules;   /* used only when has_allowed_modules */
    bool has_allowed_modules;
    bool allow_network;
    pw_strv read_paths; /* absolute and resolved once loaded */
    pw_strv write_paths;
    bool site_packages; /* site-packages on sys.path and readable */
    pw_strv site_dirs;  /* more sys.path entries (canonical; also in read_paths): library code */
    pw_strv preload;    /* modules a warm template imports before it forks runs */
    long timeout_ms;
    long memory_mb;     /* 0: no limit */
    long cpu_s;         /* 0: no limit */
    long max_processes; /* threads and processes of the run together */
    long max_open_files;
    long max_file_mb;        /* largest file the run may write, in MiB */
    long max_file_bytes;     /* the same in bytes; with both set the smaller applies */
    long tmp_mb;             /* size of the mounts layer's private /tmp; 0: no /tmp */
    size_t max_output_bytes; /* each of stdout and stderr */
    size_t max_result_bytes;
    size_t max_input_bytes;
    pw_strv env; /* KEY=VALUE, the run's whole environment */
    bool on_violation_kill;
    bool request_may_loosen;
    bool lenient_results; /* result_encoding "lenient" (default "strict") */
    pw_need layers[PW_LAYER_COUNT];
} pw_policy;

/* offsetof(pw_policy, f), and a compile error (negative array size) when its type is not T:
 * for the tables that must name every field (ceiling.c, warm/template_policy.c). */
#define PW_POLICY_FIELD(f, T)                                                                      \
    (offsetof(pw_policy, f) + 0 * sizeof(char[_Generic(((pw_policy *)0)->f, T : 1, default : -1)]))

/* The built-in values every policy starts from. */
void pw_policy_init_defaults(pw_policy *p);
void pw_policy_free(pw_policy *p);
bool pw_policy_copy(pw_policy *dst, const pw_policy *src);

/* spec is NULL (the "default" policy), a string (a name in the policy directory or a path)
 * or an inline object. Relative read/write paths resolve against work_dir (NULL: the cwd;
 * "": there is no work directory, and they grant nothing). On failure
 * returns an invalid_request result object naming the field and the file; NULL on success. */
cJSON *pw_policy_load(const cJSON *spec, const char *work_dir, pw_policy *out);
/* Whether spec loads (relative paths against the cwd); when not, why gets its message after
 * prefix. */
bool pw_policy_loads(const cJSON *spec, const char *prefix, pw_buf *why);

/* Loaded policies kept by spec and work directory, for serve and the pool: a lookup gives
 * what pw_policy_load would, as long as every file of the policy's extends chain is the
 * same (device, inode, size, mtime, ctime of each) and the policy directory has not moved.
 * Inline objects are always loaded afresh. Thread-safe. */
typedef struct pw_policy_cache pw_policy_cache;
pw_policy_cache *pw_policy_cache_new(void); /* NULL when out of memory: loads are not kept */
void pw_policy_cache_free(pw_policy_cache *c);
/* The mount table kept with c (NULL for NULL: read afresh), see mounttable.h. */
typedef struct pw_mount_table pw_mount_table;
pw_mount_table *pw_policy_cache_mounts(pw_policy_cache *c);
/* pw_policy_load through c (NULL: no cache). */
cJSON *pw_policy_load_cached(pw_policy_cache *c, const cJSON *spec, const char *work_dir,
                             pw_policy *out);

/* result_encoding's text ("strict" or "lenient") to *lenient; false for anything else. */
bool pw_result_encoding(const char *s, bool *lenient);

/* When module is not on p's sys.path but next to the code (in code_dir, the directory python3
 * puts first on sys.path; NULL: none) or installed on the host: advice naming the policy key
 * that would add it ("; 'numpy' is installed ..."), malloc'd; else NULL. */
char *pw_policy_module_hint(const pw_policy *p, const char *module, const char *code_dir);

/* A --policy argument as a policy spec: text starting with '{' is an inline object, any
 * other text a name or path (a string). NULL arg: NULL. NULL with *why set when the
 * object text is bad. */
cJSON *pw_policy_spec(const char *arg, const char **why);

/* True for a policy name ([a-z0-9_-]+, looked up in the policy directory, paths.h); anything
 * else a request gives as "policy" is a path. */
bool pw_policy_is_name(const char *s);
/* A policy file's text parsed as JSON (not yet validated as a policy); NULL with *why set. */
cJSON *pw_policy_read_json(const char *path, const char **why);

#endif
