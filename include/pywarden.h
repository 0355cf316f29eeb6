/* pywarden: run Python code safely from programs that are not Python.
 *
 * Every call forks: the run happens in a child process, fenced by the policy's layers and
 * killed at its deadline. Nothing here ever aborts the host; every failure is a result
 * object with ok=false. See README.md "C API" for ownership and threading rules:
 * call from a single-threaded process, or start a pool (pw_pool_create) before starting
 * threads. */
#ifndef PYWARDEN_H
#define PYWARDEN_H

#ifdef __cplusplus
extern "C" {
#endif

#define PYWARDEN_VERSION "0.2.0"

/* ---- JSON in, JSON out ---- */

/* Runs one request (a JSON object, README "Request") and returns the result object as a
 * NUL-terminated JSON text. Never NULL unless memory is exhausted. Free with pw_free. */
char *pw_run(const char *request_json);
void pw_free(void *p);

const char *pw_version(void);        /* "0.2.0" */
const char *pw_python_version(void); /* of the embedded libpython, e.g. "3.11.2" */

/* ---- Structs, for C hosts ---- */

typedef struct pw_request {
    const char *code;        /* exactly one of code and script */
    const char *script;      /* path inside work_dir */
    const char *inputs_json; /* a JSON object; NULL means {} */
    const char *policy;      /* a name or a path; NULL means "default" */
    const char *policy_json; /* an inline policy object; wins over policy when set */
    const char *entry;       /* NULL means "main" */
    const char *work_dir;    /* NULL means the current directory */
    long timeout_ms;         /* 0 means the policy's */
    int stdio;               /* nonzero: "mode": "stdio" */
} pw_request;

/* The result object's members as C fields (README "The result"); the JSON is in json. */
typedef struct pw_result {
    int ok;
    char *json;          /* the whole result object, as pw_run returns it */
    char *result_json;   /* the "result" member's JSON text ("null" when none) */
    char *error_type;    /* NULL when ok */
    char *error_message; /* NULL when ok */
    char *stdout_text;
    char *stderr_text;
    double wall_ms, cpu_ms;
    long max_rss_kb;
    char *traceback;       /* error.traceback (user frames only); NULL when none */
    long error_line;       /* error.line; 0 when none */
    char *violations_json; /* the "violations" array's JSON text ("[]" when none) */
    int stdout_truncated;  /* truncated.stdout: stdout hit max_output_bytes */
    int stderr_truncated;  /* truncated.stderr */
    char *mode;            /* stats.mode: "cold", "warm", or "none" (refused before a run) */
} pw_result;

/* Fills *out (every string owned by out; release with pw_result_free) and returns out->ok.
 * Returns -1 only if memory is exhausted, with *out zeroed, or out is NULL. Texts that are not
 * UTF-8 are invalid_request naming their field. Cold: forks the calling
 * process, so single-threaded hosts only (README "C API"). */
int pw_run_request(const pw_request *req, pw_result *out);
/* Frees every string in res and zeroes it; a zeroed pw_result is fine to free again, and
 * NULL does nothing. */
void pw_result_free(pw_result *res);

/* ---- Warm pool: a run for about the cost of a fork ----
 *
 * A pool keeps one pre-initialised template process per policy and forks it for each run
 * (stats.mode "warm"); results are exactly those of pw_run. pw_pool_run is thread-safe:
 * call it from any number of threads; at most `workers` runs go at once, the other
 * callers wait for a slot.
 *
 * Threading rule for hosts: pw_pool_create forks a small launcher process from the
 * calling thread, and fork() is only safe while the process has a single thread. So
 * create the pool early in main(), before starting any thread (and from a thread that
 * lives as long as the pool: the launcher dies with it, PR_SET_PDEATHSIG), then share it
 * with the threads. Templates are forked by the launcher, never by the host, so they can
 * be restarted later whatever threads the host has. A host that cannot create the pool
 * before its threads (a JVM, a Node addon) should spawn `pywarden serve` instead and talk
 * NDJSON to it. Large hosts should prefer `serve` too: the launcher is a fork of the host,
 * and every fork pays for the host's page tables. */
typedef struct pw_pool pw_pool;

/* policy: a name, a path, or an inline policy object as JSON text; NULL means "default".
 * It applies to requests that name no policy. workers: concurrent runs (1..128; 0 means
 * the number of CPUs). Starts the default policy's template and waits until it is ready.
 * NULL on failure, with *error (free with pw_free) saying why when error is not NULL.
 * A pool made here has no policy ceiling: see pw_pool_options. */
pw_pool *pw_pool_create(const char *policy, int workers, char **error);

typedef struct pw_pool_options {
    const char *policy; /* as pw_pool_create's */
    int workers;        /* as pw_pool_create's */
    /* The policy ceiling (README "Policy ceiling"): the policy names requests may pick,
     * comma-separated ("strict,data"); the pool's own policy is always allowed. "" allows
     * only that. NULL: no ceiling, a request may pick any policy (as pw_pool_create). */
    const char *allow_policies;
    /* Under a ceiling, nonzero also accepts inline policies and policy files that extend an
     * allowed policy and only tighten it; otherwise they are refused. */
    int allow_inline_policies;
    /* Where requests' paths may point (README "Work root"). NULL: anywhere the host's user
     * can read (as pw_pool_create). A directory: a request's work_dir (relative ones taken
     * from it) and a policy file it names must be it or beneath it, and work_dir is it when
     * the request names none. "": a request may name no work_dir, no script and no policy
     * file (runs are in the host's current directory). */
    const char *work_root;
} pw_pool_options;

/* As pw_pool_create, with the options above (a zeroed struct, or NULL, is
 * pw_pool_create(NULL, 0)).
 * An allow_policies name that is not a loadable policy fails here. */
pw_pool *pw_pool_create_with(const pw_pool_options *options, char **error);
/* As pw_run, warm (pool NULL: invalid_request "no pool"). Never NULL unless memory is
 * exhausted. Free with pw_free. */
char *pw_pool_run(pw_pool *pool, const char *request_json);
/* As pw_run_request, warm, and thread-safe like pw_pool_run. Returns out->ok, or -1 only if
 * memory is exhausted (with *out zeroed). */
int pw_pool_run_request(pw_pool *pool, const pw_request *req, pw_result *out);
/* Waits for every call that has begun (a run in flight, a caller waiting for a slot, one
 * still parsing its request) to finish and be answered, then stops the templates and the
 * launcher and waits for them. Start no new pw_pool_run* once this has been called: the
 * pool is freed when it returns. */
void pw_pool_destroy(pw_pool *pool);

#ifdef __cplusplus
}
#endif
#endif
