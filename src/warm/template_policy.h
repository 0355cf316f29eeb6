/* The policy a warm template runs under, as one canonical JSON text. The pool hands it to
 * the template, which applies exactly the effective policy its requests are checked
 * against and reads no policy file itself, and gives a template only requests whose policy
 * is the same: an edit of a file can neither be missed by a template nor land between a
 * request's check and its run. */
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

/* a and b give the same text: a template of one runs requests of the other. */
bool pw_template_policy_same(const pw_policy *a, const pw_policy *b);

/* The pw_policy fields the text has a rule for (carried or per run), by index; NULL past
 * the end. A test holds it against the struct so a new field cannot be left out. */
const char *pw_template_policy_field(size_t i);

#endif
