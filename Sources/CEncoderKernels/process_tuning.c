#include "CEncoderKernels.h"

#if defined(__linux__)
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>

// glibc's default mmap threshold never rises above 32 MiB (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit), so larger
// blocks are always fresh mappings; bx_keep_freed_memory raises it.
static size_t mmap_threshold = (size_t)32 << 20;
// Set by bx_keep_freed_memory: huge mappings are kept for reuse too (see bx_huge_free).
static int keep_freed = 0;
#endif

#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
void bx_keep_freed_memory(void) {
    if (mallopt(M_MMAP_THRESHOLD, 64 << 20)) mmap_threshold = (size_t)64 << 20;
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    keep_freed = 1;
}
#else
void bx_keep_freed_memory(void) {}
#endif

#if defined(__linux__) && defined(MADV_HUGEPAGE)
// A block above the mmap threshold (the 75 MB of attentions of a 512-token pass) is a new mapping every pass,
// and with 4 KiB pages a pass took one page fault per 4 KiB written (about a fifth of the pass). Huge pages
// cut the faults 512-fold. Blocks malloc keeps in its heap stay there: reusing warm pages beats zeroing new ones.
#define HUGE_PAGE ((size_t)2 << 20)

// With keep_freed, the last freed mapping is kept (one, the largest) and serves the next block that fits: even
// huge pages cost the kernel zeroing them on first touch (7% of a 512-token pass), and a program that asked to
// keep freed memory gets its malloc'd blocks reused the same way. Reused only after its owner freed it, like heap
// memory, so a captured output never changes under its holder.
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static char *spare = NULL;
static size_t spare_length = 0;

static char *take_spare(size_t length) {
    if (!keep_freed) return NULL;
    pthread_mutex_lock(&spare_lock);
    char *taken = NULL;
    if (spare && spare_length >= length) {
        taken = spare;
        if (spare_length > length) munmap(spare + length, spare_length - length);
        spare = NULL;
        spare_length = 0;
    }
    pthread_mutex_unlock(&spare_lock);
    return taken;
}

void *bx_huge_map(size_t bytes) {
    if (bytes > SIZE_MAX - 2 * HUGE_PAGE) return NULL;
    size_t length = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    size_t mapped = length + HUGE_PAGE;
    char *raw = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return NULL;
    // Huge pages need 2 MiB-aligned ranges: trim the mapping to one.
    char *aligned = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (aligned > raw) munmap(raw, (size_t)(aligned - raw));
    size_t tail = (size_t)(raw + mapped - (aligned + length));
    if (tail > 0) munmap(aligned + length, tail);
    // Advice only: where THP is off the mapping still works with small pages.
    madvise(aligned, length, MADV_HUGEPAGE);
    return aligned;
}

void bx_huge_unmap(void *pointer, size_t bytes) { munmap(pointer, (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1)); }

void *bx_huge_alloc(size_t bytes) {
    if (bytes <= mmap_threshold || bytes > SIZE_MAX - 2 * HUGE_PAGE) return NULL;
    char *reused = take_spare((bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
    if (reused) return reused;
    return bx_huge_map(bytes);
}

void bx_huge_free(void *pointer, size_t bytes) {
    size_t length = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    if (keep_freed) {
        pthread_mutex_lock(&spare_lock);
        char *unused = pointer;
        size_t unused_length = length;
        if (spare_length < length) {
            unused = spare;
            unused_length = spare_length;
            spare = pointer;
            spare_length = length;
        }
        pthread_mutex_unlock(&spare_lock);
        if (unused) munmap(unused, unused_length);
        return;
    }
    munmap(pointer, length);
}
#else
void *bx_huge_alloc(size_t bytes) { (void)bytes; return NULL; }
void bx_huge_free(void *pointer, size_t bytes) { (void)pointer; (void)bytes; }
void *bx_huge_map(size_t bytes) { (void)bytes; return NULL; }
void bx_huge_unmap(void *pointer, size_t bytes) { (void)pointer; (void)bytes; }
#endif
