/* What every subcommand prints: its usage errors (exit status 2, nothing on stdout), and
 * its answer line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "commands.h"
#include "util.h"

int pw_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "pywarden: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n%s", usage);
    va_end(ap);
    return 2;
}

bool pw_print_line(const char *line)
{
    struct iovec iov[2] = {{(void *)line, line ? strlen(line) : 0}, {"\n", 1}};
    bool written = line && fflush(stdout) == 0 && pw_writev_all(STDOUT_FILENO, iov, 2);
    if (!written)
        fprintf(stderr, "pywarden: cannot write to stdout: %s\n",
                line ? strerror(errno) : "out of memory");
    return written;
}
