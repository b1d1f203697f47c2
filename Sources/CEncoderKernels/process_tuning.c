#include "CEncoderKernels.h"

#if defined(__linux__)
#include <malloc.h>
#endif

#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
void bx_keep_freed_memory(void) {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}
#else
void bx_keep_freed_memory(void) {}
#endif
