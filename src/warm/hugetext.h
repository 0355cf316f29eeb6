/* hugetext.c: moves the interpreter's code onto anonymous huge pages in this process, for the
 * forks it will make (the warm launcher). Does nothing where the kernel gives no huge pages. */
#ifndef PW_HUGETEXT_H
#define PW_HUGETEXT_H

void pw_text_to_huge_pages(void);

#endif
