/* The interpreter's code on huge pages, in the launcher that every template and run is a fork
 * of. A warm run executes parts of libpython that its template did, but a fork does not copy
 * the page-table entries of a file mapping: each run faulted that code in again, 64 KiB at a
 * time (~20-30 faults of ~3 us on a virtual machine), and unmapped it when it exited. Copied
 * onto anonymous huge pages, the code is shared with every fork by one entry per huge page,
 * and a run takes no fault on it.
 *
 * Only the mapping that holds libpython's code moves (the command's own, where libpython is
 * linked in statically), and only its whole aligned huge-page stretches: same bytes at the
 * same addresses, read-only and executable. Where the command's code starts just past its
 * ELF headers (0x400000 + ~0x23000), those headers, read-only data of the same file right
 * below, become executable with it so that the first stretch can move; where it ends inside
 * a stretch its .rodata fills, so does the start of .rodata (~1 MiB: a run took ~13 faults on
 * the code's last 1 MiB and ~11 on .rodata). Profilers and uprobes see anonymous memory there
 * (README "How warm mode works"). */
#include "hugetext.h"

#include <Python.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 /* Linux 6.1 */
#endif

typedef struct {
    uintptr_t start, end;
    char perms[5];
    dev_t dev;
    ino_t ino;
} mapping;

static bool read_mapping(FILE *f, mapping *m)
{
    char line[4096 + 128];
    if (!fgets(line, sizeof line, f)) return false;
    unsigned long start = 0, end = 0, ino = 0;
    unsigned int major = 0, minor = 0;
    *m = (mapping){0};
    if (sscanf(line, "%lx-%lx %4s %*x %x:%x %lu", &start, &end, m->perms, &major, &minor, &ino) ==
        6) {
        m->start = start;
        m->end = end;
        m->dev = makedev(major, minor);
        m->ino = (ino_t)ino;
    }
    /* The rest of a line longer than the buffer (a long path) is not a mapping. */
    while (!strchr(line, '\n') && fgets(line, sizeof line, f))
        ;
    return true;
}

static uintptr_t huge_page_size(void)
{
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", "re");
    unsigned long size = 0;
    if (f && fscanf(f, "%lu", &size) != 1) size = 0;
    if (f) fclose(f);
    return size >= 4096 && (size & (size - 1)) == 0 ? size : 0;
}

/* Copies a stretch word by word: it may hold .rodata, where ASan's memcpy would refuse the
 * redzones it puts between globals (the bytes are moved, not read as data). Volatile, so no
 * compiler turns the loop back into memcpy; ~0.3 ms per stretch, once per launcher. */
__attribute__((no_sanitize_address)) static void
copy_stretch(uint64_t *to, const volatile uint64_t *from, size_t len)
{
    for (size_t i = 0; i < len / sizeof *to; i++)
        to[i] = from[i];
}

/* Replaces [at, at + huge), aligned, by a copy on a huge page when the kernel gives one.
 * mremap swaps the mapping in one step, so the code doing it may lie in the range itself.
 * Every check that can fail comes before it; mremap itself fails only for want of memory
 * for the new mapping's bookkeeping, and may then have unmapped the old code already. */
static void move_to_huge_page(uintptr_t at, uintptr_t huge)
{
    size_t len = huge;
    char *raw = mmap(NULL, 2 * len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return;
    char *copy = (char *)(((uintptr_t)raw + huge - 1) & ~(huge - 1));
    if (copy > raw) munmap(raw, (size_t)(copy - raw));
    munmap(copy + len, (size_t)(raw + len - copy)); /* what is left past the aligned copy */
    madvise(copy, len, MADV_HUGEPAGE); /* huge from the first touch, where THP is "madvise" */
    copy_stretch((uint64_t *)(void *)copy, (const volatile uint64_t *)at, len);
    bool moved = madvise(copy, len, MADV_COLLAPSE) == 0 &&
                 mprotect(copy, len, PROT_READ | PROT_EXEC) == 0 &&
                 mremap(copy, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)at) != MAP_FAILED;
    if (!moved) munmap(copy, len);
}

/* Whether m is read-only data of code's file (its ELF headers below, .rodata above). */
static bool same_file_read_only(const mapping *m, const mapping *code)
{
    return strcmp(m->perms, "r--p") == 0 && m->dev == code->dev && m->ino == code->ino;
}

void pw_text_to_huge_pages(void)
{
    uintptr_t huge = huge_page_size(), code = (uintptr_t)(void (*)(void))Py_Initialize;
    struct stat exe;
    FILE *f = huge && stat("/proc/self/exe", &exe) == 0 ? fopen("/proc/self/maps", "re") : NULL;
    if (!f) return;
    uintptr_t from = 0, to = 0;
    mapping prev = {0}, m, code_map = {0};
    while (read_mapping(f, &m)) {
        if (code_map.end) { /* the mapping right after the command's code */
            if (to != code_map.end && same_file_read_only(&m, &code_map) &&
                m.start == code_map.end && m.end >= to + huge)
                to += huge;
            break;
        }
        if (m.start <= code && code < m.end && strcmp(m.perms, "r-xp") == 0 && m.ino) {
            from = (m.start + huge - 1) & ~(huge - 1);
            to = m.end & ~(huge - 1);
            if (m.dev != exe.st_dev || m.ino != exe.st_ino) break; /* a libpython.so: code only */
            code_map = m;
            uintptr_t below = m.start & ~(huge - 1);
            if (from != m.start && same_file_read_only(&prev, &m) && prev.end == m.start &&
                prev.start <= below)
                from = below;
        }
        prev = m;
    }
    fclose(f);
    for (uintptr_t at = from; at < to; at += huge)
        move_to_huge_page(at, huge);
}
