/* `pywarden check`: placeholder until its issue lands. */
#include <stdio.h>

#include "commands.h"

int pw_cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "pywarden: 'check' is not built yet\n");
    return 2;
}
