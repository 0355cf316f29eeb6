/* The policy a warm template runs under, as one canonical JSON text. The pool keys its
 * templates by it and hands it to the template, which applies exactly the effective policy
 * the request was checked against and reads no policy file itself: an edit of a file can
 * neither be missed by a template nor land between a request's check and its run. */
#ifndef PW_TEMPLATE_POLICY_H
#define PW_TEMPLATE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "policy.h"

/* Every field of p except read_paths and write_paths, which each run sends itself
 * (pw_template_fork): equal policies give equal texts. NULL when out of memory. */
char *pw_template_policy_text(const pw_policy *p);

/* The text back into out, read_paths and write_paths empty; false (out empty) for anything
 * pw_template_policy_text did not write. */
bool pw_template_policy_parse(const char *text, pw_policy *out);

/* The pw_policy fields the text has a rule for (carried or per run), by index; NULL past
 * the end. A test holds it against the struct so a new field cannot be left out. */
const char *pw_template_policy_field(size_t i);

#endif
