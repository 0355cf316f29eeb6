/* `pywarden serve`: placeholder until its issue lands. */
#include <stdio.h>

#include "commands.h"

int pw_cmd_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "pywarden: 'serve' is not built yet\n");
    return 2;
}
