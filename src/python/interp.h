/* The embedded interpreter: initialise once (cold: in each child; warm: in the template),
 * then run one job and report. */
#ifndef PW_INTERP_H
#define PW_INTERP_H

#include <Python.h>
#include <cjson/cJSON.h>
#include <stdbool.h>

#include "request.h"
#include "util.h"

/* Isolated config, no site, stdlib from libpython's own prefix, audit hook installed
 * first; starts in / (callers chdir to the work directory after). false with why set when
 * the interpreter cannot start. */
bool pw_interp_init(pw_buf *why);

/* Cold children, before pw_interp_init: start-up writes to some 300 pages of the
 * interpreter's static data, each a copy-on-write fault (~4 us on a virtual machine). One
 * MADV_POPULATE_WRITE copies them all in a single call (Linux 5.14; a no-op before). */
void pw_interp_prefault(void);

/* Warm spares, before their request exists: compiles a two-line job and throws it away. The
 * compiler, the parser's arenas and malloc's free lists are where a run first writes to memory
 * it shares with its template; done here, some 130 of a trivial run's copy-on-write faults
 * happen before the request instead of after it. Nothing of it stays. */
void pw_interp_rehearse(void);
/* What body mode makes on first use (AST types, n8n's _input class), made ahead in a template. */
void pw_interp_warm_body_mode(void);

/* Runs req in this (already sandboxed) process and fills the report: header gets "error"
 * (or null), "violations", "stdio_exit"; result gets the result's JSON text. */
void pw_interp_run(const pw_req *req, cJSON *header, pw_buf *result);

/* mode "body": compiles code as the body of `def body(inputs)` (async when it awaits),
 * keeping the user's line numbers. New reference, or NULL with a Python error set. */
PyObject *pw_interp_compile_body(const char *code, const char *filename);
/* Where compiling a script's bytes failed with no position (line 0): if its line 1 or 2 reads
 * as a PEP 263 encoding declaration, the message saying so (malloc'd) and that line in *line;
 * else NULL. why is Python's own message ("'quoted-printable' is not a text encoding..."). */
char *pw_interp_cookie_problem(const char *src, const char *why, long *line);
/* Whether a SyntaxError ("invalid syntax") on line text at offset (1-based) is a notebook's
 * shell command or magic (`!pip install x`, `%timeit f()`): IPython syntax, which Python
 * refuses at its first character. Elsewhere on such a line (a continuation line `% 2 +)`)
 * the error is Python's own. run and check say so with PW_NOTEBOOK_HINT. */
bool pw_interp_notebook_line(const char *text, long offset);
#define PW_NOTEBOOK_HINT                                                                           \
    "a line starting with '!' or '%' is a Jupyter (IPython) shell command or magic, not "          \
    "Python: runs have no shell"

/* Puts the policy's site-packages and site_dirs on sys.path (after the stdlib). */
bool pw_interp_add_site_paths(const pw_policy *p);

/* module.function() when module is already imported (nothing is imported); errors are
 * cleared. */
void pw_interp_call_if_loaded(const char *module, const char *function);

/* "Python 3.11.2" etc., valid without initialising. */
const char *pw_interp_version(void);

#endif
