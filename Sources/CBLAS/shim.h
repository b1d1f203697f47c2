#include <cblas.h>
// OpenBLAS extension: the thread count is chosen per matrix size by the encoder.
void openblas_set_num_threads(int num_threads);

// Atomics and a spin-wait hint for the encoder's worker pool (Swift 6's Synchronization needs macOS 15).
static inline long bx_atomic_load(long *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void bx_atomic_store(long *p, long v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline long bx_atomic_fetch_add(long *p, long v) { return __atomic_fetch_add(p, v, __ATOMIC_ACQ_REL); }
static inline void bx_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}
static inline int bx_atomic_compare_exchange(long *p, long expected, long desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}
