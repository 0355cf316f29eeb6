/* `pywarden doctor [--json]`: what this host gives the sandbox (embedded Python, Landlock
 * ABI, seccomp, user namespaces), which layers each shipped policy would get here, and the
 * policy ceiling `serve` would have with the same --policy/--allow-* options. It reports;
 * it changes nothing and exits 0, 1 when there is no policy directory, 2 on a usage error. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "interp.h"
#include "layers.h"
#include "paths.h"
#include "policy.h"

/* Why each kernel layer cannot apply on this host (NULL: it can). */
typedef struct {
    const char *why[PW_LAYER_COUNT];
    char landlock[300], seccomp[300], userns[400], mounts[300];
    bool landlock_kills; /* landlock_create_ruleset kills this process: never call it here */
    char warm[200];      /* why warm mode (serve, worker, pools) cannot start here; "" if it can */
    char procs[300];     /* why no process can be made here (so no run starts); "" if one can */
    char fds[300];       /* why no run has the open files it needs here; "" if it has */
    char serve[300];     /* why serve would not have them for one worker; "" if it would */
} host_caps;

/* Who refused a user namespace with EPERM or EACCES: the kernel's own switch, a seccomp
 * filter this process inherited (a container's profile), or else an LSM or a chroot. Named,
 * since each has its own remedy. */
static const char *userns_refused_by(void)
{
    size_t len = 0;
    char *clone = pw_read_file("/proc/sys/kernel/unprivileged_userns_clone", 64, &len);
    bool off = clone && clone[0] == '0';
    free(clone);
    if (off)
        return "kernel.unprivileged_userns_clone is 0 (Debian's switch): only CAP_SYS_ADMIN "
               "may make one";
    char *status = pw_read_file("/proc/self/status", 1 << 16, &len);
    bool filtered = status && strstr(status, "\nSeccomp:\t2\n");
    free(status);
    if (filtered)
        return "refused by the seccomp filter this process runs under: a container's profile "
               "(Docker's default and Kubernetes' RuntimeDefault refuse unshare without "
               "CAP_SYS_ADMIN; README, Deploying in containers) or a systemd unit's "
               "RestrictNamespaces=";
    return "no seccomp filter here: a kernel or LSM setting (AppArmor, SELinux) forbids "
           "unprivileged user namespaces, or pywarden runs in a chroot";
}

/* Why a user namespace could not be made, as far as this process can tell. */
static const char *userns_hint(int e)
{
    size_t len = 0;
    char *map = pw_read_file("/proc/self/uid_map", 1 << 16, &len);
    bool unmapped = map && len == 0;
    free(map);
    if (unmapped)
        return "this process's own user namespace maps no uid (unshare -U without a map): "
               "map one (unshare -r) or start pywarden outside it";
    if (e != ENOSPC) return userns_refused_by();
    /* This namespace's own value: a nested one starts at INT_MAX, whatever its parents'. */
    char *max = pw_read_file("/proc/sys/user/max_user_namespaces", 64, &len);
    bool zero = max && atol(max) == 0 && max[0] == '0';
    free(max);
    if (zero) return "user.max_user_namespaces is 0 here";
    return "user namespaces are nested here as deep as the kernel allows (32 levels), or "
           "user.max_user_namespaces, max_net_namespaces or max_ipc_namespaces is used up here "
           "or in a parent namespace";
}

/* Every run starts with a fork, and so does the user namespace probe: where none can be
 * made (RLIMIT_NPROC used up, a full pids cgroup) that is the reason, not a namespace refused. */
static bool fork_works(host_caps *h)
{
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    if (pid > 0) return waitpid(pid, NULL, 0), true;
    int e = errno;
    char hint[200];
    pw_fork_limit_hint(e, hint, sizeof hint);
    snprintf(h->procs, sizeof h->procs, "fork: %s: no run can start here%s", strerror(e), hint);
    return false;
}

static void call_landlock(void)
{
    pw_landlock_abi();
}

static void call_seccomp(void)
{
    pw_seccomp_available();
}

/* Whether call, made in a child, kills it by SIGSYS: under a seccomp filter that kills (a
 * systemd unit's SystemCallFilter=), doctor itself died probing Landlock, with no word. */
static bool kills(void (*call)(void))
{
    if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 2) return false; /* no filter: nothing kills */
    pid_t pid = fork();
    if (pid == 0) {
        call();
        _exit(0);
    }
    int status = 0;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
           WTERMSIG(status) == SIGSYS;
}

static void probe_host(host_caps *h)
{
    memset(h, 0, sizeof *h);
    if ((h->landlock_kills = kills(call_landlock))) {
        snprintf(h->landlock, sizeof h->landlock,
                 "landlock_create_ruleset: " PW_KILLED_BY_FILTER "; runs that apply it die");
        h->why[PW_LAYER_LANDLOCK] = h->landlock;
    } else if (pw_landlock_abi() <= 0) {
        snprintf(h->landlock, sizeof h->landlock, "landlock_create_ruleset: %s", strerror(errno));
        h->why[PW_LAYER_LANDLOCK] = h->landlock;
    }
    if (kills(call_seccomp)) {
        snprintf(h->seccomp, sizeof h->seccomp, "seccomp: " PW_KILLED_BY_FILTER);
        h->why[PW_LAYER_SECCOMP] = h->why[PW_LAYER_NOPROC] = h->seccomp;
    } else if (!pw_seccomp_available()) {
        snprintf(h->seccomp, sizeof h->seccomp, "seccomp(SECCOMP_GET_ACTION_AVAIL): %s",
                 strerror(errno));
        h->why[PW_LAYER_SECCOMP] = h->why[PW_LAYER_NOPROC] = h->seccomp;
    }
    /* The warm launcher watches its templates and runs through pidfds (Linux 5.3; an older
     * container profile refuses the call): without them serve does not start. */
    int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    if (pidfd < 0)
        snprintf(h->warm, sizeof h->warm,
                 "pidfd_open: %s: warm mode (serve, worker, pools) cannot start here; cold runs "
                 "can",
                 strerror(errno));
    else
        close(pidfd);
    pw_buf fds = {0};
    if (!pw_cold_run_fits_fds(&fds))
        snprintf(h->fds, sizeof h->fds, "%s: no run can start here", fds.data);
    pw_buf_free(&fds);
    int e = fork_works(h) ? pw_ns_probe() : 0;
    if (h->procs[0]) {
        h->why[PW_LAYER_NAMESPACES] = h->why[PW_LAYER_MOUNTS] =
            "not probed: no process could be made to try (see notes)";
    } else if (e) {
        if (e < 0) /* the probe was killed: by a filter, or from outside */
            snprintf(h->userns, sizeof h->userns,
                     "unshare(CLONE_NEWUSER|CLONE_NEWNET|CLONE_NEWIPC): %s",
                     e == -SIGSYS ? PW_KILLED_BY_FILTER : "the probe process was killed");
        else
            snprintf(h->userns, sizeof h->userns,
                     "unshare(CLONE_NEWUSER|CLONE_NEWNET|CLONE_NEWIPC): %s (%s)", strerror(e),
                     userns_hint(e));
        /* mounts' mount namespace lives in a user namespace too */
        h->why[PW_LAYER_NAMESPACES] = h->why[PW_LAYER_MOUNTS] = h->userns;
    } else {
        pw_buf why = {0};
        if (!pw_mounts_probe(&why)) {
            snprintf(h->mounts, sizeof h->mounts, "%s", why.data ? why.data : "mounts: unknown");
            h->why[PW_LAYER_MOUNTS] = h->mounts;
        }
        pw_buf_free(&why);
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
        bool avail = !h->why[i];
        const char *state = p.layers[i] == PW_NEED_OFF        ? "off"
                            : avail                           ? "on"
                            : p.layers[i] == PW_NEED_REQUIRED ? "missing"
                                                              : "skipped";
        if (p.layers[i] == PW_NEED_REQUIRED && !avail) runs = false;
        cJSON_AddStringToObject(layers, pw_layer_name((pw_layer)i), state);
    }
    cJSON_AddBoolToObject(out, "runs", runs && !h->procs[0] && !h->fds[0]);
    cJSON_AddItemToObject(out, "layers", layers);
    if (c->enabled && !h->warm[0] && !h->procs[0] && !h->serve[0]) /* else serve would not start */
        cJSON_AddStringToObject(out, "serve",
                                pw_ceiling_allows_name(c, name) ? "allowed" : "refused");
    pw_policy_free(&p);
    return out;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The report of every policy in the policy directory; *unreadable set (free it) when the
 * directory cannot be listed (every run naming a policy then fails). */
static cJSON *policies_report(const host_caps *h, const pw_ceiling *c, char **unreadable)
{
    cJSON *all = cJSON_CreateObject();
    struct dirent **ents = NULL;
    const char *dir = pw_policy_dir();
    int n = dir ? scandir(dir, &ents, NULL, by_name) : 0;
    if (n < 0) {
        pw_buf why = {0};
        pw_buf_appendf(&why, "cannot list %s: %s", dir, strerror(errno));
        *unreadable = pw_buf_take(&why);
    }
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

/* Where runs have no view, each gets a directory under the first of TMPDIR, /tmp and
 * /var/tmp that can hold one (hosttmp.c): whether one of them can (writable, a block and an
 * inode free), without making anything there. */
static bool host_tmp_possible(void)
{
    const char *tmpdir = pw_setting("TMPDIR");
    const char *candidates[] = {tmpdir && tmpdir[0] == '/' ? tmpdir : "/tmp", "/tmp", "/var/tmp"};
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
        struct statvfs sv;
        if (access(candidates[i], W_OK | X_OK) == 0 && statvfs(candidates[i], &sv) == 0 &&
            !(sv.f_flag & ST_RDONLY) && (!sv.f_blocks || sv.f_bavail) &&
            (!sv.f_files || sv.f_favail))
            return true;
    }
    return false;
}

/* What runs lose on this host that a newer kernel or another context would give them. */
static cJSON *notes_report(const host_caps *h, int abi)
{
    cJSON *notes = cJSON_CreateArray();
    if (h->procs[0]) cJSON_AddItemToArray(notes, cJSON_CreateString(h->procs));
    if (h->fds[0]) cJSON_AddItemToArray(notes, cJSON_CreateString(h->fds));
    if (h->warm[0]) cJSON_AddItemToArray(notes, cJSON_CreateString(h->warm));
    if (abi > 0 && abi < 6)
        cJSON_AddItemToArray(
            notes, cJSON_CreateString("Landlock ABI < 6 cannot scope signals and abstract unix "
                                      "sockets: the seccomp layer holds both"));
    if (abi > 0 && abi < 4)
        cJSON_AddItemToArray(
            notes, cJSON_CreateString("Landlock ABI < 4 cannot deny TCP: the seccomp layer and "
                                      "the network namespace hold it"));
    struct rlimit cpu, as;
    if (getrlimit(RLIMIT_CPU, &cpu) == 0 && cpu.rlim_max != RLIM_INFINITY) {
        char note[200];
        snprintf(note, sizeof note,
                 "the host's hard RLIMIT_CPU (%llu s) holds every run to %ld s of CPU, whatever "
                 "a policy's cpu_s says",
                 (unsigned long long)cpu.rlim_max, pw_rlimit_cpu_s(0));
        cJSON_AddItemToArray(notes, cJSON_CreateString(note));
    }
    if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_max != RLIM_INFINITY) {
        char note[200];
        snprintf(note, sizeof note,
                 "the host's hard RLIMIT_AS holds every run to %llu MB of address space, "
                 "whatever a policy's memory_mb says",
                 (unsigned long long)(as.rlim_max >> 20));
        cJSON_AddItemToArray(notes, cJSON_CreateString(note));
    }
    if (h->procs[0] || h->fds[0]) return notes; /* what runs would lose is moot: none starts */
    if (!h->why[PW_LAYER_NAMESPACES] && pw_ns_nesting_possible())
        cJSON_AddItemToArray(
            notes, cJSON_CreateString("a run can make user namespaces of its own here (its "
                                      "user.max_user_namespaces cannot be set to 0: /proc/sys "
                                      "is read-only, as Docker mounts it, or not there): the "
                                      "seccomp layer "
                                      "alone refuses unshare and clone into one"));
    if (h->why[PW_LAYER_MOUNTS] && !host_tmp_possible())
        cJSON_AddItemToArray(
            notes, cJSON_CreateString("no private /tmp (no mounts view), and none of TMPDIR, /tmp "
                                      "and /var/tmp can hold a run's directory (read-only, "
                                      "missing or full): tempfile finds no directory in runs; "
                                      "mount a writable tmpfs on /tmp (docker --tmpfs /tmp) or "
                                      "set TMPDIR to a writable directory"));
    if (h->why[PW_LAYER_NAMESPACES] && pw_ns_network_without_user_ns())
        cJSON_AddItemToArray(
            notes, cJSON_CreateString("no user namespace: runs still get a network and an IPC "
                                      "namespace of their own (this process may make them "
                                      "without one), not claimed as the namespaces layer; "
                                      "max_processes is not applied"));
    else if (h->why[PW_LAYER_NAMESPACES])
        cJSON_AddItemToArray(
            notes, cJSON_CreateString("no user namespace: runs keep the network namespace "
                                      "pywarden runs in (the host's, or the container's; "
                                      "seccomp denies sockets) and max_processes is not "
                                      "applied"));
    else if (!pw_ns_thread_bound_possible()) {
        char note[300];
        snprintf(note, sizeof note,
                 "uid %d here is the host's root and cannot move off it (uid 65534 not "
                 "mapped: unshare -r or --map-user started by root; or no CAP_SETUID): "
                 "max_processes is not applied, since RLIMIT_NPROC never binds root",
                 (int)getuid());
        cJSON_AddItemToArray(notes, cJSON_CreateString(note));
    }
    return notes;
}

typedef struct {
    const char *policy, *allow_policies; /* as given to serve */
    bool allow_inline;
} ceiling_opts;

/* serve loads its own --policy before it starts: the ceiling checks --allow-policies alone. */
static bool own_policy_loads(const char *policy, pw_buf *why)
{
    const char *e = NULL;
    cJSON *spec = pw_policy_spec(policy ? policy : "default", &e);
    if (!spec) return pw_buf_appendf(why, "--policy: %s", e), false;
    bool loads = pw_policy_loads(spec, "", why);
    cJSON_Delete(spec);
    return loads;
}

/* {"policy": P, "allow_policies": [...], "allow_inline_policies": bool} or, when serve
 * would refuse these options, {"policy": P, "error": why}. */
static cJSON *ceiling_report(const ceiling_opts *o, pw_ceiling *c, host_caps *h)
{
    pw_buf why = {0};
    bool ok = pw_serve_ceiling(c, o->policy, o->allow_policies, o->allow_inline, &why);
    if (ok && pw_workers_fitting_fds(1, o->allow_policies, o->allow_inline, &why) == 0)
        snprintf(h->serve, sizeof h->serve, "%s", why.data);
    if (ok && (h->procs[0] || h->warm[0] || h->serve[0])) {
        if (!h->serve[0]) pw_buf_appendf(&why, "%s", h->procs[0] ? h->procs : h->warm);
        ok = false;
    }
    if (ok && !own_policy_loads(o->policy, &why)) {
        pw_ceiling_free(c); /* no policy shows serve:allowed */
        ok = false;
    }
    cJSON *r = ok ? pw_ceiling_describe(c) : cJSON_CreateObject();
    cJSON_AddStringToObject(r, "policy", o->policy ? o->policy : "default");
    if (!ok) cJSON_AddStringToObject(r, "error", why.data);
    pw_buf_free(&why);
    return r;
}

/* c: the ceiling serve would have (free it with pw_ceiling_free). */
static cJSON *build_report(const ceiling_opts *o, pw_ceiling *c)
{
#ifdef PW_TEST_SWITCHES
    pw_landlock_test_switch();
#endif
    host_caps h;
    probe_host(&h);
    int abi = h.landlock_kills ? 0 : pw_landlock_abi();
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
    cJSON_AddNumberToObject(k, "landlock_abi", abi);
    cJSON_AddBoolToObject(k, "seccomp", !h.why[PW_LAYER_SECCOMP]);
    cJSON_AddBoolToObject(k, "user_namespaces", !h.why[PW_LAYER_NAMESPACES]);
    cJSON_AddNumberToObject(r, "uid", (double)getuid());
    cJSON *unavail = cJSON_AddObjectToObject(r, "unavailable");
    for (int i = 0; i < PW_LAYER_COUNT; i++)
        if (h.why[i]) cJSON_AddStringToObject(unavail, pw_layer_name((pw_layer)i), h.why[i]);
    cJSON_AddItemToObject(r, "notes", notes_report(&h, abi));
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
    cJSON_AddItemToObject(r, "ceiling", ceiling_report(o, c, &h));
    char *unreadable = NULL;
    cJSON_AddItemToObject(r, "policies", policies_report(&h, c, &unreadable));
    if (unreadable) cJSON_AddStringToObject(r, "policy_dir_error", unreadable);
    free(unreadable);
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
    printf("uid           %.0f\n", cJSON_GetNumberValue(cJSON_GetObjectItem(r, "uid")));
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(r, "unavailable"))
        printf("  %-11s unavailable: %s\n", item->string, item->valuestring);
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(r, "notes"))
        printf("  note: %s\n", item->valuestring);
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
    const char *unreadable = cJSON_GetStringValue(cJSON_GetObjectItem(r, "policy_dir_error"));
    if (unreadable) {
        printf("\nPOLICY DIRECTORY UNREADABLE: %s; runs naming a policy (and runs naming none, "
               "which use 'default') fail. Let uid %.0f read it, or set PYWARDEN_POLICY_DIR.\n",
               unreadable, cJSON_GetNumberValue(cJSON_GetObjectItem(r, "uid")));
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
            if (o.allow_policies) /* as serve: a repeat would show another ceiling than meant */
                return pw_usage_error(doctor_usage, "give --allow-policies once: NAME,NAME...");
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
    int status = cJSON_IsString(cJSON_GetObjectItem(r, "policy_dir")) &&
                         !cJSON_GetObjectItem(r, "policy_dir_error")
                     ? 0
                     : 1;
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
    return status;
}
