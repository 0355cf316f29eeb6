/* `pywarden doctor`: placeholder until its issue lands. */
#include <stdio.h>

#include "commands.h"

int pw_cmd_doctor(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "pywarden: 'doctor' is not built yet\n");
    return 2;
}
