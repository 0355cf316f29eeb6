/* Where pywarden's files are at run time: the policy directory and the embedded Python's
 * home. Found relative to pywarden's own file first, so an installed prefix can be moved
 * and a bundle unpacked anywhere. No policy parsing here. */
#ifndef PW_PATHS_H
#define PW_PATHS_H

#include "util.h"

/* The policy directory: the first of (1) relative to pywarden's own file (the executable,
 * or libpywarden.so when a host links it shared; a file inside the build tree uses the
 * source tree's policy/ instead), (2) $PYWARDEN_POLICY_DIR, (3) the compiled-in install
 * path, that is a directory. NULL when none is. */
const char *pw_policy_dir(void);
/* Every directory pw_policy_dir considers, in order, with what became of each:
 * "A (missing), $PYWARDEN_POLICY_DIR (unset), C". */
void pw_policy_dirs_describe(pw_buf *out);

/* The embedded interpreter's home (sys.prefix), its stdlib root (everything the
 * interpreter reads: sources, lib-dynload), where stdlib modules' files are named from
 * (the root, or the stdlib zip inside it in a bundle), and site-packages ("" when none). */
const char *pw_python_home(void);
const char *pw_stdlib_dir(void);
const char *pw_stdlib_modules(void);
const char *pw_site_dir(void);
/* A bundle's stdlib zip and lib-dynload directory, the interpreter's whole module search
 * path; NULL when CPython finds its own from the home. */
const char *pw_stdlib_zip(void);
const char *pw_stdlib_dynload(void);

#endif
