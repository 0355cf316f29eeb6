/* The audit hook (PEP 578): the first, friendly layer. Refuses blocked imports, capability
 * events and paths outside the policy with a clear error. Not the security boundary. */
#ifndef PW_AUDIT_H
#define PW_AUDIT_H

#include <Python.h>
#include <cjson/cJSON.h>

#include "policy.h"

/* Adds the hook; must run before the interpreter initialises so no Python code runs
 * without it. Until pw_audit_activate the hook allows everything (interpreter start-up). */
int pw_audit_install(void);

/* From now on events are judged against p (kept by pointer: it must outlive the run).
 * user_filename is what the user's code was compiled as. */
void pw_audit_activate(const pw_policy *p, const char *user_filename);

/* The policy_violation error for exc if the hook raised it, else NULL. */
cJSON *pw_audit_error_from_exception(PyObject *exc);

/* Every refusal so far as a new JSON array, or NULL when there was none. */
cJSON *pw_audit_violations(void);

#endif
