/* `pywarden doctor [--json]`: what this host gives the sandbox (embedded Python, Landlock
 * ABI, seccomp, user namespaces), which layers each shipped policy would get here, and the
 * policy ceiling `serve` would have with the same --policy/--allow-* options. It reports;
 * it changes nothing and always exits 0 (2 on a usage error). */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "commands.h"
#include "interp.h"
#include "layers.h"
#include "policy.h"

typedef struct {
    bool landlock, seccomp, userns;
} host_caps;

static bool layer_available(pw_layer id, const host_caps *h)
{
    switch (id) {
    case PW_LAYER_NOPROC:
    case PW_LAYER_SECCOMP:
        return h->seccomp;
    case PW_LAYER_NAMESPACES:
        return h->userns;
    case PW_LAYER_LANDLOCK:
        return h->landlock;
    default:
        return true; /* audit, fds, rlimit need nothing from the kernel */
    }
}

/* {"runs": bool, "layers": {name: "on"|"off"|"skipped"|"missing"}, "serve": "allowed"|
 * "refused"} for one policy file. */
static cJSON *policy_report(const char *name, const host_caps *h, const pw_ceiling *c)
{
    cJSON *spec = cJSON_CreateString(name);
    pw_policy p;
    cJSON *err = pw_policy_load(spec, NULL, &p);
    cJSON_Delete(spec);
    cJSON *out = cJSON_CreateObject();
    if (err) {
        cJSON_AddItemToObject(out, "error", cJSON_DetachItemFromObject(err, "error"));
        cJSON_Delete(err);
        return out;
    }
    bool runs = true;
    cJSON *layers = cJSON_CreateObject();
    for (int i = 0; i < PW_LAYER_COUNT; i++) {
        bool avail = layer_available((pw_layer)i, h);
        const char *state = p.layers[i] == PW_NEED_OFF        ? "off"
                            : avail                           ? "on"
                            : p.layers[i] == PW_NEED_REQUIRED ? "missing"
                                                              : "skipped";
        if (p.layers[i] == PW_NEED_REQUIRED && !avail) runs = false;
        cJSON_AddStringToObject(layers, pw_layer_name((pw_layer)i), state);
    }
    cJSON_AddBoolToObject(out, "runs", runs);
    cJSON_AddItemToObject(out, "layers", layers);
    if (c->enabled) /* else serve would not start with these options */
        cJSON_AddStringToObject(out, "serve",
                                pw_ceiling_allows_name(c, name) ? "allowed" : "refused");
    pw_policy_free(&p);
    return out;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static cJSON *policies_report(const host_caps *h, const pw_ceiling *c)
{
    cJSON *all = cJSON_CreateObject();
    struct dirent **ents = NULL;
    int n = scandir(pw_policy_dir(), &ents, NULL, by_name);
    for (int i = 0; i < n; i++) {
        char *dot = strrchr(ents[i]->d_name, '.');
        if (dot && strcmp(dot, ".json") == 0) {
            *dot = '\0';
            cJSON_AddItemToObject(all, ents[i]->d_name, policy_report(ents[i]->d_name, h, c));
        }
        free(ents[i]);
    }
    free(ents);
    return all;
}

typedef struct {
    const char *policy, *allow_policies; /* as given to serve */
    bool allow_inline;
} ceiling_opts;

/* {"policy": P, "allow_policies": [...], "allow_inline_policies": bool} or, when serve
 * would refuse these options, {"policy": P, "error": why}. */
static cJSON *ceiling_report(const ceiling_opts *o, pw_ceiling *c)
{
    pw_buf why = {0};
    bool ok = pw_serve_ceiling(c, o->policy, o->allow_policies, o->allow_inline, &why);
    cJSON *r = ok ? pw_ceiling_describe(c) : cJSON_CreateObject();
    cJSON_AddStringToObject(r, "policy", o->policy ? o->policy : "default");
    if (!ok) cJSON_AddStringToObject(r, "error", why.data);
    pw_buf_free(&why);
    return r;
}

/* c: the ceiling serve would have (free it with pw_ceiling_free). */
static cJSON *build_report(const ceiling_opts *o, pw_ceiling *c)
{
    host_caps h = {pw_landlock_abi() > 0, pw_seccomp_available(), pw_ns_probe()};
    struct utsname u;
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "pywarden", PW_VERSION);
    cJSON *py = cJSON_AddObjectToObject(r, "python");
    cJSON_AddStringToObject(py, "version", pw_interp_version());
    cJSON_AddStringToObject(py, "stdlib", PW_PYTHON_PREFIX "/lib/python3.11");
    cJSON_AddStringToObject(py, "site_packages", PW_PYTHON_PREFIX "/lib/python3/dist-packages");
    cJSON *k = cJSON_AddObjectToObject(r, "kernel");
    cJSON_AddStringToObject(k, "release", uname(&u) == 0 ? u.release : "?");
    cJSON_AddNumberToObject(k, "landlock_abi", pw_landlock_abi());
    cJSON_AddBoolToObject(k, "seccomp", h.seccomp);
    cJSON_AddBoolToObject(k, "user_namespaces", h.userns);
#ifdef PW_TEST_SWITCHES
    cJSON_AddBoolToObject(r, "test_switches", 1);
#else
    cJSON_AddBoolToObject(r, "test_switches", 0);
#endif
    cJSON_AddStringToObject(r, "policy_dir", pw_policy_dir());
    cJSON_AddItemToObject(r, "ceiling", ceiling_report(o, c));
    cJSON_AddItemToObject(r, "policies", policies_report(&h, c));
    return r;
}

static void print_text(const cJSON *r)
{
    const cJSON *py = cJSON_GetObjectItem(r, "python"), *k = cJSON_GetObjectItem(r, "kernel");
    printf("pywarden %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(r, "pywarden")));
    printf("python        %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(py, "version")));
    printf("stdlib        %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(py, "stdlib")));
    printf("kernel        %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(k, "release")));
    int abi = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(k, "landlock_abi"));
    printf("landlock      %s (ABI %d)\n", abi > 0 ? "yes" : "no", abi);
    printf("seccomp       %s\n", cJSON_IsTrue(cJSON_GetObjectItem(k, "seccomp")) ? "yes" : "no");
    printf("user ns       %s\n",
           cJSON_IsTrue(cJSON_GetObjectItem(k, "user_namespaces")) ? "yes" : "no");
    printf("test switches %s\n", cJSON_IsTrue(cJSON_GetObjectItem(r, "test_switches"))
                                     ? "COMPILED IN (test build, not for production)"
                                     : "no");
    printf("\npolicies in %s (on / off / skipped: best_effort but unavailable / missing: "
           "required but unavailable, runs refused):\n",
           cJSON_GetStringValue(cJSON_GetObjectItem(r, "policy_dir")));
    const cJSON *pol;
    cJSON_ArrayForEach(pol, cJSON_GetObjectItem(r, "policies"))
    {
        const cJSON *layers = cJSON_GetObjectItem(pol, "layers");
        printf("  %-10s %s", pol->string,
               !layers                                          ? "cannot be loaded"
               : cJSON_IsTrue(cJSON_GetObjectItem(pol, "runs")) ? "runs   "
                                                                : "REFUSED");
        const cJSON *l;
        cJSON_ArrayForEach(l, layers) printf("  %s:%s", l->string, l->valuestring);
        const char *serve = cJSON_GetStringValue(cJSON_GetObjectItem(pol, "serve"));
        printf("%s%s\n", serve ? "  serve:" : "", serve ? serve : "");
    }
}

static void print_ceiling(const cJSON *r, const pw_ceiling *c)
{
    const cJSON *ceil = cJSON_GetObjectItem(r, "ceiling");
    printf("\npolicy ceiling of `pywarden serve --policy %s` with these options:\n",
           cJSON_GetStringValue(cJSON_GetObjectItem(ceil, "policy")));
    const char *error = cJSON_GetStringValue(cJSON_GetObjectItem(ceil, "error"));
    if (error)
        printf("  serve would not start: %s\n", error);
    else
        pw_ceiling_print(stdout, c);
    printf("  (a C pool has no ceiling unless pw_pool_options.allow_policies is set)\n");
}

static const char doctor_usage[] =
    "usage: pywarden doctor [--json] [--policy P] [--allow-policies NAME[,NAME...]]\n"
    "                       [--allow-inline-policies]\n"
    "\n"
    "What this host gives the sandbox, the layers each policy gets here, and the policy\n"
    "ceiling `pywarden serve` would have with the same --policy and --allow-* options.\n";

int pw_cmd_doctor(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, 0, 'j'},
                                         {"policy", required_argument, 0, 'p'},
                                         {"allow-policies", required_argument, 0, 'a'},
                                         {"allow-inline-policies", no_argument, 0, 'i'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    bool json = false;
    ceiling_opts o = {0};
    opterr = 0;
    for (int ch; (ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1;) {
        if (ch == 'j') {
            json = true;
        } else if (ch == 'p') {
            o.policy = optarg;
        } else if (ch == 'a') {
            o.allow_policies = optarg;
        } else if (ch == 'i') {
            o.allow_inline = true;
        } else if (ch == 'h') {
            fputs(doctor_usage, stdout);
            return 0;
        } else {
            return pw_usage_error(doctor_usage, "bad or unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return pw_usage_error(doctor_usage, "unexpected argument '%s'", argv[optind]);
    pw_ceiling c;
    cJSON *r = build_report(&o, &c);
    if (json) {
        char *s = cJSON_PrintUnformatted(r);
        printf("%s\n", s ? s : "{}");
        free(s);
    } else {
        print_text(r);
        print_ceiling(r, &c);
    }
    pw_ceiling_free(&c);
    cJSON_Delete(r);
    return 0;
}
