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

// ---------------------------------------------------------------------------------------------------------
// AVX-512 matrix product on weights packed once at load, for the encoder's linear layers.
//
// Weights are stored as panels of 32 columns: panel p holds B[0..<k][32p ..< 32p+32] row after row, so a panel
// streams through memory once per product while tiles of up to 8 rows of A reuse it from cache. Compiled for
// AVX-512 with a target attribute (the rest of the build stays baseline x86-64); call only when
// bx_has_avx512() is true.
#if defined(__x86_64__)
#include <immintrin.h>

static inline int bx_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

// Panels hold float32, IEEE half or bfloat16 elements (kind 0, 1, 2); halves and bfloat16 are widened to
// float32 in registers, exactly, so a model stored in 16 bits streams half the bytes for the same results.
#define BX_LOAD_0(ptr, index) _mm512_loadu_ps((const float *)(ptr) + (index))
#define BX_LOAD_1(ptr, index) _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)((const unsigned short *)(ptr) + (index))))
#define BX_LOAD_2(ptr, index) _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(                     \
    _mm256_loadu_si256((const __m256i *)((const unsigned short *)(ptr) + (index)))), 16))

// Tiles of 1, 2, 4 or 8 rows × 32 columns; accumulators are spelled out so they live in registers.
#define BX_DECL(r) __m512 c0_##r = _mm512_setzero_ps(), c1_##r = _mm512_setzero_ps();
#define BX_FMA(r) { __m512 av = _mm512_set1_ps(a[(r) * lda + p]);                                             \
                    c0_##r = _mm512_fmadd_ps(av, b0, c0_##r); c1_##r = _mm512_fmadd_ps(av, b1, c1_##r); }
#define BX_STORE(r) _mm512_mask_storeu_ps(c + (r) * ldc, m0, c0_##r);                                       \
                    _mm512_mask_storeu_ps(c + (r) * ldc + 16, m1, c1_##r);
#define BX_TILE(NAME, EACH, LOAD)                                                                           \
__attribute__((target("avx512f"))) static inline void NAME(                                                 \
    long k, const float *a, long lda, const void *panel, float *c, long ldc, __mmask16 m0, __mmask16 m1) {  \
    EACH(BX_DECL)                                                                                           \
    for (long p = 0; p < k; p++) {                                                                          \
        __m512 b0 = LOAD(panel, p * 32);                                                                    \
        __m512 b1 = LOAD(panel, p * 32 + 16);                                                               \
        EACH(BX_FMA)                                                                                        \
    }                                                                                                       \
    EACH(BX_STORE)                                                                                          \
}
#define BX_ROWS_8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#define BX_ROWS_4(X) X(0) X(1) X(2) X(3)
#define BX_ROWS_2(X) X(0) X(1)
#define BX_ROWS_1(X) X(0)

#define BX_DEFINE_GEMM(KIND)                                                                                \
BX_TILE(bx_tile_8_##KIND, BX_ROWS_8, BX_LOAD_##KIND)                                                        \
BX_TILE(bx_tile_4_##KIND, BX_ROWS_4, BX_LOAD_##KIND)                                                        \
BX_TILE(bx_tile_2_##KIND, BX_ROWS_2, BX_LOAD_##KIND)                                                        \
BX_TILE(bx_tile_1_##KIND, BX_ROWS_1, BX_LOAD_##KIND)                                                        \
__attribute__((target("avx512f"))) static inline void bx_gemm_packed_##KIND(                                \
    long m, long n, long k, const float *a, long lda, const void *packed, long elementSize,                 \
    long panelBegin, long panelEnd, float *c, long ldc) {                                                   \
    for (long panel = panelBegin; panel < panelEnd; panel++) {                                              \
        const void *b = (const char *)packed + panel * k * 32 * elementSize;                                \
        long column = panel * 32, columns = n - column;                                                     \
        if (columns <= 0) return;                                                                           \
        if (columns > 32) columns = 32;                                                                     \
        __mmask16 m0 = columns >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << columns) - 1);                \
        __mmask16 m1 = columns >= 32 ? (__mmask16)0xFFFF                                                    \
                     : (columns > 16 ? (__mmask16)((1u << (columns - 16)) - 1) : (__mmask16)0);             \
        long r = 0;                                                                                         \
        for (; r + 8 <= m; r += 8) bx_tile_8_##KIND(k, a + r * lda, lda, b, c + r * ldc + column, ldc, m0, m1); \
        if (r + 4 <= m) { bx_tile_4_##KIND(k, a + r * lda, lda, b, c + r * ldc + column, ldc, m0, m1); r += 4; } \
        if (r + 2 <= m) { bx_tile_2_##KIND(k, a + r * lda, lda, b, c + r * ldc + column, ldc, m0, m1); r += 2; } \
        if (r < m) bx_tile_1_##KIND(k, a + r * lda, lda, b, c + r * ldc + column, ldc, m0, m1);             \
    }                                                                                                       \
}
BX_DEFINE_GEMM(0)
BX_DEFINE_GEMM(1)
BX_DEFINE_GEMM(2)

/// C[m × the columns of panels panelBegin..<panelEnd] = A[m×k] · packed (n columns; element kind 0, 1, 2).
static inline void bx_gemm_packed(long kind, long m, long n, long k, const float *a, long lda, const void *packed,
                                  long panelBegin, long panelEnd, float *c, long ldc) {
    switch (kind) {
    case 1: bx_gemm_packed_1(m, n, k, a, lda, packed, 2, panelBegin, panelEnd, c, ldc); break;
    case 2: bx_gemm_packed_2(m, n, k, a, lda, packed, 2, panelBegin, panelEnd, c, ldc); break;
    default: bx_gemm_packed_0(m, n, k, a, lda, packed, 4, panelBegin, panelEnd, c, ldc); break;
    }
}
#else
static inline int bx_has_avx512(void) { return 0; }
static inline void bx_gemm_packed(long kind, long m, long n, long k, const float *a, long lda, const void *packed,
                                  long panelBegin, long panelEnd, float *c, long ldc) {}
#endif

#if defined(__linux__)
#include <malloc.h>
// glibc: serve allocations of up to 64 MiB from the heap and keep up to 512 MiB freed memory for reuse.
static inline void bx_keep_freed_memory(void) {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}
#endif
