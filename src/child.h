/* The child side of one run: the layer column, then the interpreter, then the report. */
#ifndef PW_CHILD_H
#define PW_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

#include "request.h"

typedef struct {
    int out_w, err_w, res_w;      /* write ends of the stdout, stderr and result pipes */
    pid_t supervisor;             /* the process that must be our parent */
    char nonce[PW_NONCE_HEX + 1]; /* proves a report came from pywarden, not user code */
} pw_child_pipes;

/* Runs req in this freshly forked process and _exits; never returns. cold: initialise
 * the interpreter here (otherwise it is the warm template's, already initialised). */
_Noreturn void pw_child_main(const pw_req *req, const pw_child_pipes *pipes, bool cold);

/* Writes the report to fd: the run's nonce line, a one-line JSON header, '\n', then the
 * result's JSON text. The nonce lives only in C memory, so user code that writes to the
 * result fd cannot produce a report the supervisor accepts. */
void pw_child_send_report(int fd, const cJSON *header, const char *result, size_t len);

#endif
