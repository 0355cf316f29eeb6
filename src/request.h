/* A parsed, validated request: what the supervisor and the child need to run one job. */
#ifndef PW_REQUEST_H
#define PW_REQUEST_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "policy.h"

typedef struct {
    char *code;     /* the source to run (from `code`, or the contents of `script`) */
    char *filename; /* what tracebacks call it: "<code>" or the script's relative path */
    /* The inputs object as checked, compact JSON text, which the size check measures ("{}"
     * when the request has none). Only the run reads it: a supervisor holds no tree of it. */
    char *inputs_json;
    char *entry;    /* NULL: "main", else the named function must exist */
    bool stdio;     /* "mode": "stdio", the legacy stdin/stdout contract */
    bool body;      /* "mode": "body": the code is the body of a function of inputs */
    bool lenient;   /* result_encoding "lenient": the request's, else the policy's */
    char *work_dir; /* absolute */
    long timeout_ms;
    pw_policy policy; /* effective: the named policy tightened by the request */
    /* Not the request's: where the run keeps its temporary files if it has no private /tmp,
     * named by its supervisor (pw_hosttmp_name); NULL for none. */
    const char *tmp_dir;
} pw_req;

/* A request's JSON text parsed (pw_json_parse_exact) with its inputs kept as their checked,
 * compact text (pw_json_parse_keeping): every request line goes through this. */
cJSON *pw_req_json(const char *text, const char **why);
/* The result for pw_req_json's failure: the text's fault (invalid_request), or the reader's
 * (internal, where it had no memory to hold well-formed text). */
cJSON *pw_req_json_failure(const char *why);
/* Parses and validates a request. On failure returns an invalid_request result object and
 * leaves req empty; NULL on success (free req with pw_req_free). */
cJSON *pw_req_parse(const char *text, pw_req *req);
/* The same from an already parsed object (serve, the C API). */
cJSON *pw_req_from_json(const cJSON *obj, pw_req *req);
/* The same with the policy through a cache (NULL: none), for serve and the pool. */
cJSON *pw_req_from_json_cached(const cJSON *obj, pw_req *req, pw_policy_cache *policies);
void pw_req_free(pw_req *req);
/* serve and worker lines: detaches the answer's "id" from obj into *id (NULL when absent);
 * NULL, or a failure result when obj has a second "id". */
cJSON *pw_req_take_id(cJSON *obj, cJSON **id);
/* The absolute, resolved work directory (given NULL: the cwd) into *out (free it); an
 * invalid_request naming work_dir when it does not resolve. */
cJSON *pw_req_work_dir(const char *given, char **out);
/* A host's work root (pw_pool_options.work_root, serve's and worker's --work-root) applied
 * to a request before it is parsed. NULL: nothing. "": the request may name no work_dir, no
 * script and no policy file. A directory (absolute, resolved): its work_dir and a policy file
 * it names must be it or beneath it, and work_dir is set to it when the request names none;
 * both are then named by their resolved paths. NULL when the request passes, else its
 * invalid_request. */
cJSON *pw_req_confine(cJSON *request, const char *work_root);
/* The invalid_request of a script run or check could not read: e is the errno of its read
 * (EFBIG: over max), or 0 when it holds a NUL byte. */
cJSON *pw_req_unread_script(const char *script, int e, size_t max);
/* The directory python3 would put first on sys.path for the code named filename ("<code>",
 * as for `python3 -c`: the work directory; a script: its own directory), malloc'd. */
char *pw_req_code_dir(const char *work_dir, const char *filename);
/* What relative policy paths resolve against (pw_policy_load's work_dir): work_dir, or ""
 * (none: they grant nothing) when the request named none (named NULL) and the cwd is '/'. */
const char *pw_req_policy_base(const char *named, const char *work_dir);
/* The longest request serve reads as one line, and a worker takes from one stream entry: code
 * and inputs are capped at 16 MiB each by default. */
#define PW_MAX_REQUEST_BYTES (64u << 20)
/* The longest work directory: the mounts view binds it from under a prefix of its own. */
#define PW_WORK_DIR_MAX 4080

#endif
