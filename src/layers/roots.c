/* What every run may read besides its policy's paths: the one list the landlock layer's rules
 * and the mounts layer's view are both built from, so the two fences always agree. */
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

void pw_read_only_roots(const pw_policy *p, pw_strv *out)
{
    pw_strv_push(out, pw_stdlib_dir());
    for (size_t i = 0; i < sizeof runtime_paths / sizeof *runtime_paths; i++)
        pw_strv_push(out, runtime_paths[i]);
    if (p->site_packages && *pw_site_dir()) pw_strv_push(out, pw_site_dir());
}
