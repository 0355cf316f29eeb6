/* What every run may read besides its policy's paths: the one list the landlock layer's rules
 * and the mounts layer's view are both built from, so the two fences always agree. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layers.h"
#include "paths.h"

/* What the interpreter needs to start and import the stdlib, read-only, besides the stdlib
 * and lib-dynload themselves (pw_stdlib_dir(), found at run time). */
static const char *const runtime_paths[] = {
    "/usr/lib/x86_64-linux-gnu", /* libraries lib-dynload and numpy load */
    "/lib/x86_64-linux-gnu",
    "/etc/alternatives", /* Debian's library symlinks (libblas.so.3 for numpy) pass here */
    "/usr/lib/locale",
    "/usr/share/zoneinfo",
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/dev/urandom",
    "/dev/random",
    "/dev/zero",
};

/* Data files stdlib modules read on their own: mimetypes' knownfiles (without the host's table
 * guess_type("a.xlsx") is None, and where the view is off mimetypes.init() raised the refusal).
 * Public tables, like the time-zone data. */
static const char *const pw_stdlib_data_files[] = {
    "/etc/mime.types",
    "/etc/httpd/mime.types",
    "/etc/httpd/conf/mime.types",
    "/etc/apache/mime.types",
    "/etc/apache2/mime.types",
    "/usr/local/etc/httpd/conf/mime.types",
    "/usr/local/lib/netscape/mime.types",
    "/usr/local/etc/mime.types",
    NULL,
};

/* With allow_network: what resolving a name (glibc's NSS files and resolver configuration)
 * and verifying a TLS peer (the CA certificates, OpenSSL's configuration) read. Not
 * /etc/ssl/private. */
static const char *const network_paths[] = {
    "/etc/hosts",
    "/etc/resolv.conf",
    "/etc/nsswitch.conf",
    "/etc/host.conf",
    "/etc/gai.conf",
    "/etc/services",
    "/etc/protocols",
    "/etc/ssl/certs",
    "/etc/ssl/openssl.cnf",
    "/usr/lib/ssl",
    "/usr/share/ca-certificates",
};

/* path, and where it leads if it is a symlink (/etc/resolv.conf -> /run/systemd/resolve/...):
 * the view shows a root that is a link as the same link, resolved inside the view. */
static void push_with_target(pw_strv *out, const char *path)
{
    pw_strv_push(out, path);
    char *real = realpath(path, NULL);
    if (real && strcmp(real, path) != 0) pw_strv_push(out, real);
    free(real);
}

/* The data files that are there, each with where its link leads: looked up once per process
 * (a run's, or a warm template's for all its runs), not by each layer and path check. */
static const pw_strv *data_files_here(void)
{
    static pw_strv here;
    static bool looked;
    for (const char *const *f = pw_stdlib_data_files; !looked && *f; f++)
        if (access(*f, F_OK) == 0) push_with_target(&here, *f);
    looked = true;
    return &here;
}

bool pw_stdlib_data_file(const char *real)
{
    const pw_strv *here = data_files_here();
    for (size_t i = 0; i < here->n; i++)
        if (strcmp(real, here->v[i]) == 0) return true;
    return false;
}

void pw_read_only_roots(const pw_policy *p, pw_strv *out)
{
    pw_strv_push(out, pw_stdlib_dir());
    for (size_t i = 0; i < sizeof runtime_paths / sizeof *runtime_paths; i++)
        pw_strv_push(out, runtime_paths[i]);
    const pw_strv *data = data_files_here();
    for (size_t i = 0; i < data->n; i++)
        pw_strv_push(out, data->v[i]);
    if (p->site_packages && *pw_site_dir()) pw_strv_push(out, pw_site_dir());
    for (size_t i = 0; p->allow_network && i < sizeof network_paths / sizeof *network_paths; i++)
        push_with_target(out, network_paths[i]);
}
