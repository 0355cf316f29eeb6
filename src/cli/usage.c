/* The one usage-error printer every subcommand shares (exit status 2, nothing on stdout). */
#include <stdarg.h>
#include <stdio.h>

#include "commands.h"

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
