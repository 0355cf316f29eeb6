/* The audit hook (PEP 578): the first, friendly layer. Refuses blocked imports, capability
 * events and paths outside the policy with a clear error. Not the security boundary: the
 * kernel layers are (README, "The audit hook"). */
#ifndef PW_AUDIT_H
#define PW_AUDIT_H

#include <Python.h>
#include <cjson/cJSON.h>
#include <stdbool.h>

#include "policy.h"

/* Adds the hook; must run before the interpreter initialises so no Python code runs
 * without it. Until pw_audit_activate the hook allows everything (interpreter start-up). */
int pw_audit_install(void);

/* Once per interpreter, right after it initialised (a warm template does it before its
 * first fork): wraps builtins.__import__, importlib's _gcd_import and _imp.create_builtin,
 * which raise no event for modules already imported, and creates the exception classes.
 * The wrappers judge nothing until pw_audit_activate. false with a Python error set. */
bool pw_audit_prepare(void);

/* From now on events are judged against p (kept by pointer, as code_file, the name the run's
 * code is compiled under: both must outlive the run). Does nothing when p turns the audit
 * layer off. Call once per run, after pw_audit_prepare. */
void pw_audit_activate(const pw_policy *p, const char *code_file);

/* A warm template's preload judged under p (on) until turned off: refusals raise as in a
 * run, but are neither recorded nor end the process (on_violation "kill"). */
void pw_audit_preload(const pw_policy *p, bool on);

/* The policy_violation error for exc if the hook raised it, else NULL. */
cJSON *pw_audit_error_from_exception(PyObject *exc);

/* Every refusal so far as a new JSON array [{"event","detail"}...], or NULL when none. */
cJSON *pw_audit_violations(void);

/* The modules the interpreter had loaded once initialised (pw_audit_prepare's snapshot), which
 * an allow-list leaves importable: a new JSON array of their names, NULL when out of memory. */
cJSON *pw_audit_startup_modules(void);
/* Takes such a list as this process's own: `check` judges imports in a process with no
 * interpreter, by the list of the one that analysed the code. false when out of memory. */
bool pw_audit_set_startup_modules(const cJSON *names);

/* True when user code may not import module `name` (dotted) under p: the name or a parent
 * package is in blocked_modules, or an allow-list exists and does not cover it. */
bool pw_audit_module_blocked(const pw_policy *p, const char *name);

/* Extra advice appended to a blocked-import message ("" when there is none). */
const char *pw_audit_import_hint(const pw_policy *p, const char *module);

/* interp.c marks the call of the user's entry function: frameless C callables running
 * then act for the user. */
void pw_audit_user_call(bool active);

/* interp.c compiles the run's code (true until false): CPython may reopen the code's file to
 * show a syntax error's line then, which the hook answers as no file where the policy reads
 * none, recording nothing. */
void pw_audit_compiling(bool on);

/* interp.c imports module (asyncio, for an async main) while the user's code runs: that
 * import is pywarden's whatever the policy lists, and nothing else it runs is (NULL: done). */
void pw_audit_own_import(const char *module);

#endif
