/* hugetext.c: moves the aligned 2 MiB stretches of this process's code mappings onto
 * anonymous huge pages, for the forks it will make (the warm launcher). Does nothing where
 * the kernel gives no huge pages. */
#ifndef PW_HUGETEXT_H
#define PW_HUGETEXT_H

#include <stdbool.h>

void pw_text_to_huge_pages(void);

#endif
