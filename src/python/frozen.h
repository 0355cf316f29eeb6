/* The stdlib modules every interpreter start imports (the encodings package and the UTF-8
 * codec), compiled in by cmake/freeze.c at build time: a cold run's interpreter then neither
 * searches nor reads the stdlib for them. interp.c installs the table. */
#ifndef PW_FROZEN_H
#define PW_FROZEN_H

#include <Python.h>

/* Ends with an entry whose name is NULL. */
extern const struct _frozen pw_frozen_modules[];

#endif
