/* The source analysis behind `pywarden check`, callable on its own (the fuzz harness
 * fuzz/fuzz_check.c drives it in one long-lived interpreter). */
#ifndef PW_CHECK_H
#define PW_CHECK_H

#include <cjson/cJSON.h>

#include "policy.h"

/* Parses and compiles source in the calling process's initialised interpreter (nothing of
 * it runs); the analyser's JSON text (caller frees), or NULL. */
char *pw_check_analyse(const char *source, const char *filename, const char *entry, bool body);
/* check's answer object for an analysis: ok, policy, entry, imports, problems. code_dir:
 * where python3 would look for the code's own modules (pw_req_code_dir), or NULL. */
cJSON *pw_check_report(const cJSON *analysis, const pw_policy *pol, const char *entry,
                       const char *mode, const char *code_dir);

#endif
