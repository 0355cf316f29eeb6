/* The interpreter's code on huge pages, in the launcher that every template and run is a fork
 * of. A warm run executes parts of libpython that its template did, but a fork does not copy
 * the page-table entries of a file mapping: each run faulted that code in again, 64 KiB at a
 * time (~25 faults of ~3 us on a virtual machine), and unmapped it when it exited. Copied onto
 * anonymous 2 MiB pages, the code is shared with every fork by one entry per 2 MiB, and a run
 * takes no fault on it. Same bytes at the same addresses, read-only and executable as before;
 * only the backing changes (a profiler sees anonymous memory there). */
#include "hugetext.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 /* Linux 6.1 */
#endif
#define HUGE ((uintptr_t)2 << 20)

typedef struct {
    uintptr_t start, end;
    char perms[8];
    char path[256];
} mapping;

static bool read_mapping(FILE *f, mapping *m)
{
    char line[512];
    if (!fgets(line, sizeof line, f)) return false;
    m->path[0] = '\0';
    unsigned long s, e;
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &s, &e, m->perms, m->path) < 3)
        m->perms[0] = '\0';
    m->start = s;
    m->end = e;
    return true;
}

/* Replaces [at, at + len), 2 MiB aligned, by a copy on huge pages; leaves it as it was when
 * the kernel gives none. mremap swaps the mapping in one step, so the code doing it may lie
 * in the range itself. */
static void move_to_huge_pages(uintptr_t at, size_t len)
{
    char *raw = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return;
    char *copy = (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));
    if (copy > raw) munmap(raw, (size_t)(copy - raw));
    if (copy + len < raw + len + HUGE) munmap(copy + len, (size_t)(raw + HUGE - copy));
    madvise(copy, len, MADV_HUGEPAGE); /* huge from the first touch, where THP is "madvise" */
    memcpy(copy, (const void *)at, len);
    bool moved = madvise(copy, len, MADV_COLLAPSE) == 0 &&
                 mprotect(copy, len, PROT_READ | PROT_EXEC) == 0 &&
                 mremap(copy, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)at) != MAP_FAILED;
    if (!moved) munmap(copy, len);
}

void pw_text_to_huge_pages(void)
{
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f) return;
    /* At most a few code mappings are large enough; collected first, as moving one changes
     * the file being read. */
    uintptr_t moves[8][2];
    int n = 0;
    mapping prev = {0}, m;
    while (n < 8 && read_mapping(f, &m)) {
        if (strcmp(m.perms, "r-xp") == 0 && m.path[0] == '/') {
            uintptr_t from = (m.start + HUGE - 1) & ~(HUGE - 1), to = m.end & ~(HUGE - 1);
            /* A static executable's code starts just past its headers (0x400000 + ~0x23000):
             * the headers, read-only data of the same file right below, become executable
             * with it so that the code's first 2 MiB can move. */
            uintptr_t below = m.start & ~(HUGE - 1);
            if (from - m.start < HUGE && from > m.start && prev.end == m.start &&
                prev.start <= below && strcmp(prev.perms, "r--p") == 0 &&
                strcmp(prev.path, m.path) == 0)
                from = below;
            if (to > from) {
                moves[n][0] = from;
                moves[n][1] = to;
                n++;
            }
        }
        prev = m;
    }
    fclose(f);
    for (int i = 0; i < n; i++)
        for (uintptr_t at = moves[i][0]; at < moves[i][1]; at += HUGE)
            move_to_huge_pages(at, HUGE);
}
