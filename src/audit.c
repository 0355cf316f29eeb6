/* The audit hook. Filled in by the policy/audit-hook issue. */
#include "audit.h"

static const pw_policy *active_policy;

static int audit_hook(const char *event, PyObject *args, void *data)
{
    (void)event;
    (void)args;
    (void)data;
    return 0;
}

int pw_audit_install(void)
{
    return PySys_AddAuditHook(audit_hook, NULL);
}

void pw_audit_activate(const pw_policy *p, const char *user_filename)
{
    (void)user_filename;
    active_policy = p;
}

cJSON *pw_audit_error_from_exception(PyObject *exc)
{
    (void)exc;
    return NULL;
}

cJSON *pw_audit_violations(void)
{
    return NULL;
}
