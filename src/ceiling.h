/* The policy ceiling of a server (serve, the pool, the Redis worker): which policies its
 * requests may pick. A request cannot weaken the sandbox below what the server allows: it
 * may name an allowed policy, or (when allowed) give an inline policy or a policy file that
 * extends an allowed policy and only tightens it. Not the policy loader (policy.c). */
#ifndef PW_CEILING_H
#define PW_CEILING_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "policy.h"
#include "util.h"

typedef struct {
    bool enabled;      /* false: no ceiling, a request may pick any policy (the pool's default) */
    pw_strv allowed;   /* policy names requests may name, the server's own policy included */
    bool allow_inline; /* inline objects and policy files that tighten an allowed policy */
} pw_ceiling;

/* allow_list: comma-separated policy names, or NULL for no ceiling ("" allows only the
 * server's own policy). own_policy: the server's --policy as given, for requests that name
 * none (NULL: "default"); it is allowed when it is a name. Every name must load: false with
 * why set otherwise. The Redis worker gets its ceiling from here too (through the pool's
 * options), with "" unless --allow-policies says more. */
bool pw_ceiling_init(pw_ceiling *c, const char *allow_list, bool allow_inline,
                     const char *own_policy, pw_buf *why);
void pw_ceiling_free(pw_ceiling *c);

bool pw_ceiling_allows_name(const pw_ceiling *c, const char *name);

/* Checks request (a JSON object) before anything of it runs or is opened: NULL when it may
 * run, else an invalid_request result naming the policy and the flag that would allow it,
 * or the field an inline policy loosens. A policy file path that passes is replaced in
 * request by the object read from it, so the run gets exactly what was checked. */
cJSON *pw_ceiling_check(const pw_ceiling *c, cJSON *request);

/* {"allow_policies": [names], "allow_inline_policies": bool}, or JSON null without a
 * ceiling (doctor, serve --help). */
cJSON *pw_ceiling_describe(const pw_ceiling *c);

/* NULL when child allows nothing parent does not (both effective, loaded against the same
 * work directory), else an invalid_request whose field is policy.<key> it loosens. */
cJSON *pw_ceiling_compare(const pw_policy *child, const pw_policy *parent);

/* The pw_policy fields the tightening comparison has a rule for, by index; NULL past the
 * end. A test holds it against the struct so a new field cannot go without a rule. */
const char *pw_ceiling_rule_field(size_t i);

#endif
