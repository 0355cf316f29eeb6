/* `pywarden doctor [--json]`: what this host gives the sandbox (embedded Python, Landlock
 * ABI, seccomp, user namespaces) and which layers each shipped policy would get here. It
 * reports; it changes nothing and exits 0, 1 when there is no policy directory, 2 on a usage
 * error. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "commands.h"
#include "interp.h"
#include "layers.h"
#include "paths.h"
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

/* {"runs": bool, "layers": {name: "on"|"off"|"skipped"|"missing"}} for one policy file. */
static cJSON *policy_report(const char *name, const host_caps *h)
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
    pw_policy_free(&p);
    return out;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static cJSON *policies_report(const host_caps *h)
{
    cJSON *all = cJSON_CreateObject();
    struct dirent **ents = NULL;
    const char *dir = pw_policy_dir();
    int n = dir ? scandir(dir, &ents, NULL, by_name) : 0;
    for (int i = 0; i < n; i++) {
        char *dot = strrchr(ents[i]->d_name, '.');
        if (dot && strcmp(dot, ".json") == 0) {
            *dot = '\0';
            cJSON_AddItemToObject(all, ents[i]->d_name, policy_report(ents[i]->d_name, h));
        }
        free(ents[i]);
    }
    free(ents);
    return all;
}

static cJSON *build_report(void)
{
    host_caps h = {pw_landlock_abi() > 0, pw_seccomp_available(), pw_ns_probe()};
    struct utsname u;
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "pywarden", PW_VERSION);
    cJSON *py = cJSON_AddObjectToObject(r, "python");
    cJSON_AddStringToObject(py, "version", pw_interp_version());
    cJSON_AddStringToObject(py, "home", pw_python_home());
    cJSON_AddStringToObject(py, "stdlib", pw_stdlib_zip() ? pw_stdlib_zip() : pw_stdlib_dir());
    if (*pw_site_dir())
        cJSON_AddStringToObject(py, "site_packages", pw_site_dir());
    else
        cJSON_AddNullToObject(py, "site_packages");
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
    pw_buf tried = {0};
    pw_policy_dirs_describe(&tried);
    if (pw_policy_dir())
        cJSON_AddStringToObject(r, "policy_dir", pw_policy_dir());
    else
        cJSON_AddNullToObject(r, "policy_dir");
    cJSON_AddStringToObject(r, "policy_dirs_tried", tried.data ? tried.data : "");
    pw_buf_free(&tried);
    cJSON_AddItemToObject(r, "policies", policies_report(&h));
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
    const char *dir = cJSON_GetStringValue(cJSON_GetObjectItem(r, "policy_dir"));
    if (!dir) {
        printf("\nNO POLICY DIRECTORY: tried %s; runs naming a policy (and runs naming none, "
               "which use 'default') fail. Set PYWARDEN_POLICY_DIR or reinstall.\n",
               cJSON_GetStringValue(cJSON_GetObjectItem(r, "policy_dirs_tried")));
        return;
    }
    printf("\npolicies in %s (on / off / skipped: best_effort but unavailable / missing: "
           "required but unavailable, runs refused):\n",
           dir);
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
        printf("\n");
    }
}

int pw_cmd_doctor(int argc, char **argv)
{
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else {
            fprintf(stderr, "usage: pywarden doctor [--json]\n");
            return strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    cJSON *r = build_report();
    int status = cJSON_IsString(cJSON_GetObjectItem(r, "policy_dir")) ? 0 : 1;
    if (json) {
        char *s = cJSON_PrintUnformatted(r);
        printf("%s\n", s ? s : "{}");
        free(s);
    } else {
        print_text(r);
    }
    cJSON_Delete(r);
    return status;
}
