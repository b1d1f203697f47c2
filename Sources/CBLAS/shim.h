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
#include <stdlib.h>

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

// Tiles of 1, 2, 4, 8 or 12 rows × 32 columns; accumulators are spelled out so they live in registers (12 rows:
// 24 accumulators, two panel vectors and a broadcast of the 32 vector registers).
#define BX_DECL(r) __m512 c0_##r = _mm512_setzero_ps(), c1_##r = _mm512_setzero_ps();
#define BX_FMA(r) { __m512 av = _mm512_set1_ps(a[(r) * lda + p]);                                             \
                    c0_##r = _mm512_fmadd_ps(av, b0, c0_##r); c1_##r = _mm512_fmadd_ps(av, b1, c1_##r); }
#define BX_STORE(r) _mm512_mask_storeu_ps(c + (r) * ldc, m0, c0_##r);                                       \
                    _mm512_mask_storeu_ps(c + (r) * ldc + 16, m1, c1_##r);
// Each step also prefetches `stride` bytes further into L2 from `ahead` (a slice of the next panel), so weights
// that come from memory stream in while this panel is computed instead of stalling its first tile.
#define BX_TILE(NAME, EACH, LOAD)                                                                           \
__attribute__((target("avx512f"))) static inline void NAME(                                                 \
    long k, const float *a, long lda, const void *panel, float *c, long ldc, __mmask16 m0, __mmask16 m1,    \
    const char *ahead, long stride) {                                                                       \
    EACH(BX_DECL)                                                                                           \
    for (long p = 0; p < k; p++) {                                                                          \
        __m512 b0 = LOAD(panel, p * 32);                                                                    \
        __m512 b1 = LOAD(panel, p * 32 + 16);                                                               \
        _mm_prefetch(ahead + p * stride, _MM_HINT_T1);                                                      \
        EACH(BX_FMA)                                                                                        \
    }                                                                                                       \
    EACH(BX_STORE)                                                                                          \
}
#define BX_ROWS_12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define BX_ROWS_8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#define BX_ROWS_4(X) X(0) X(1) X(2) X(3)
#define BX_ROWS_2(X) X(0) X(1)
#define BX_ROWS_1(X) X(0)

#define BX_DEFINE_GEMM(KIND)                                                                                \
BX_TILE(bx_tile_12_##KIND, BX_ROWS_12, BX_LOAD_##KIND)                                                      \
BX_TILE(bx_tile_8_##KIND, BX_ROWS_8, BX_LOAD_##KIND)                                                        \
BX_TILE(bx_tile_4_##KIND, BX_ROWS_4, BX_LOAD_##KIND)                                                        \
BX_TILE(bx_tile_2_##KIND, BX_ROWS_2, BX_LOAD_##KIND)                                                        \
BX_TILE(bx_tile_1_##KIND, BX_ROWS_1, BX_LOAD_##KIND)                                                        \
/* One panel (`columns` ≤ 32 wide, at c); the tiles together prefetch `aheadBytes` from `ahead`. */         \
__attribute__((target("avx512f"))) static inline void bx_panel_##KIND(                                      \
    long m, long columns, long k, const float *a, long lda, const void *b, float *c, long ldc,              \
    const char *ahead, long aheadBytes) {                                                                   \
    __mmask16 m0 = columns >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << columns) - 1);                    \
    __mmask16 m1 = columns >= 32 ? (__mmask16)0xFFFF                                                        \
                 : (columns > 16 ? (__mmask16)((1u << (columns - 16)) - 1) : (__mmask16)0);                 \
    /* 12-row tiles for inputs of 32 rows or more (fewer passes over the panel; measured 3% faster at 128). */ \
    long wide = m >= 32 ? m / 12 : 0, rest = m - 12 * wide;                                                 \
    long tiles = wide + rest / 8 + (rest % 8 >= 4) + (rest % 4 >= 2) + (rest % 2);                          \
    long stride = (aheadBytes + tiles * k - 1) / (tiles * k), slice = stride * k;                           \
    long r = 0;                                                                                             \
    for (; r < 12 * wide; r += 12, ahead += slice)                                                          \
        bx_tile_12_##KIND(k, a + r * lda, lda, b, c + r * ldc, ldc, m0, m1, ahead, stride);                 \
    for (; r + 8 <= m; r += 8, ahead += slice) bx_tile_8_##KIND(k, a + r * lda, lda, b, c + r * ldc, ldc, m0, m1, ahead, stride); \
    if (r + 4 <= m) { bx_tile_4_##KIND(k, a + r * lda, lda, b, c + r * ldc, ldc, m0, m1, ahead, stride); r += 4; ahead += slice; } \
    if (r + 2 <= m) { bx_tile_2_##KIND(k, a + r * lda, lda, b, c + r * ldc, ldc, m0, m1, ahead, stride); r += 2; ahead += slice; } \
    if (r < m) bx_tile_1_##KIND(k, a + r * lda, lda, b, c + r * ldc, ldc, m0, m1, ahead, stride);           \
}                                                                                                           \
__attribute__((target("avx512f"))) static inline void bx_gemm_packed_##KIND(                                \
    long m, long n, long k, const float *a, long lda, const void *packed, long elementSize,                 \
    long panelBegin, long panelEnd, float *c, long ldc) {                                                   \
    long panelBytes = k * 32 * elementSize;                                                                 \
    for (long panel = panelBegin; panel < panelEnd; panel++) {                                              \
        const char *b = (const char *)packed + panel * panelBytes;                                          \
        long column = panel * 32, columns = n - column;                                                     \
        if (columns <= 0) return;                                                                           \
        if (columns > 32) columns = 32;                                                                     \
        bx_panel_##KIND(m, columns, k, a, lda, b, c + column, ldc, b + panelBytes, panelBytes);             \
    }                                                                                                       \
}
BX_DEFINE_GEMM(0)
BX_DEFINE_GEMM(1)
BX_DEFINE_GEMM(2)

/// Widens each 16-bit panel once into a float32 buffer, then runs the float32 tiles on it: for inputs of many
/// rows, widening inside the tiles would redo the conversion once per 8 rows.
#define BX_DEFINE_WIDENED(KIND)                                                                             \
__attribute__((target("avx512f"))) static inline void bx_gemm_widened_##KIND(                               \
    long m, long n, long k, const float *a, long lda, const void *packed, long panelBegin, long panelEnd,   \
    float *c, long ldc) {                                                                                   \
    float *buffer = (float *)aligned_alloc(64, (size_t)(k * 32 * 4 + 63) / 64 * 64);                        \
    if (!buffer) { bx_gemm_packed_##KIND(m, n, k, a, lda, packed, 2, panelBegin, panelEnd, c, ldc); return; } \
    for (long panel = panelBegin; panel < panelEnd; panel++) {                                              \
        const unsigned short *b = (const unsigned short *)packed + panel * k * 32;                          \
        long columns = n - panel * 32;                                                                      \
        if (columns <= 0) break;                                                                            \
        for (long i = 0; i < k * 32; i += 16) _mm512_store_ps(buffer + i, BX_LOAD_##KIND(b, i));            \
        bx_panel_0(m, columns > 32 ? 32 : columns, k, a, lda, buffer, c + panel * 32, ldc,                  \
                   (const char *)(b + k * 32), k * 32 * 2);                                                 \
    }                                                                                                       \
    free(buffer);                                                                                           \
}
BX_DEFINE_WIDENED(1)
BX_DEFINE_WIDENED(2)

/// C[m × the columns of panels panelBegin..<panelEnd] = A[m×k] · packed (n columns; element kind 0, 1, 2).
static inline void bx_gemm_packed(long kind, long m, long n, long k, const float *a, long lda, const void *packed,
                                  long panelBegin, long panelEnd, float *c, long ldc) {
    if (m >= 32 && kind == 1) { bx_gemm_widened_1(m, n, k, a, lda, packed, panelBegin, panelEnd, c, ldc); return; }
    if (m >= 32 && kind == 2) { bx_gemm_widened_2(m, n, k, a, lda, packed, panelBegin, panelEnd, c, ldc); return; }
    switch (kind) {
    case 1: bx_gemm_packed_1(m, n, k, a, lda, packed, 2, panelBegin, panelEnd, c, ldc); break;
    case 2: bx_gemm_packed_2(m, n, k, a, lda, packed, 2, panelBegin, panelEnd, c, ldc); break;
    default: bx_gemm_packed_0(m, n, k, a, lda, packed, 4, panelBegin, panelEnd, c, ldc); break;
    }
}
// Row softmax and exact-erf GELU, 16 lanes at a time (the same polynomials as the Swift fallback in
// VectorMath: Cephes exp, Eigen/XLA rational erf).
__attribute__((target("avx512f"))) static inline __m512 bx_exp16(__m512 x) {
    x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(88.3f)), _mm512_set1_ps(-87.3f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    p = _mm512_fmadd_ps(_mm512_mul_ps(p, r), r, _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    return _mm512_scalef_ps(p, n);
}

/// Softmax of `scale · x` over each n-wide row, in place (scale > 0).
__attribute__((target("avx512f"))) static inline void bx_softmax_rows(float *data, long rows, long n, float scale) {
    __m512 scaling = _mm512_set1_ps(scale);
    for (long row = 0; row < rows; row++) {
        float *x = data + row * n;
        __m512 m = _mm512_set1_ps(-__builtin_inff());
        for (long i = 0; i < n; i += 16) {
            __mmask16 k = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
            m = _mm512_max_ps(m, _mm512_mask_loadu_ps(_mm512_set1_ps(-__builtin_inff()), k, x + i));
        }
        __m512 maximum = _mm512_set1_ps(_mm512_reduce_max_ps(m));
        __m512 sum = _mm512_setzero_ps();
        for (long i = 0; i < n; i += 16) {
            __mmask16 k = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
            __m512 e = bx_exp16(_mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, x + i), maximum), scaling));
            e = _mm512_maskz_mov_ps(k, e);
            _mm512_mask_storeu_ps(x + i, k, e);
            sum = _mm512_add_ps(sum, e);
        }
        __m512 inverse = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sum));
        for (long i = 0; i < n; i += 16) {
            __mmask16 k = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
            _mm512_mask_storeu_ps(x + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, x + i), inverse));
        }
    }
}

/// x · (1 + erf(x / √2)) / 2 on `count` floats, in place.
__attribute__((target("avx512f"))) static inline void bx_gelu_erf(float *data, long count) {
    for (long i = 0; i < count; i += 16) {
        __mmask16 k = count - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (count - i)) - 1);
        __m512 v = _mm512_maskz_loadu_ps(k, data + i);
        __m512 x = _mm512_mul_ps(v, _mm512_set1_ps(0.7071067811865475f));
        x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(4.0f)), _mm512_set1_ps(-4.0f));
        __m512 x2 = _mm512_mul_ps(x, x);
        __m512 p = _mm512_set1_ps(-2.72614225801306e-10f);
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(2.77068142495902e-08f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-2.10102402082508e-06f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-5.69250639462346e-05f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-7.34990630326855e-04f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-2.95459980854025e-03f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-1.60960333262415e-02f));
        p = _mm512_mul_ps(p, x);
        __m512 q = _mm512_set1_ps(-1.45660718464996e-05f);
        q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-2.13374055278905e-04f));
        q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-1.68282697438203e-03f));
        q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-7.37332916720468e-03f));
        q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-1.42647390514189e-02f));
        __m512 erf = _mm512_div_ps(p, q);
        __m512 y = _mm512_mul_ps(_mm512_mul_ps(v, _mm512_set1_ps(0.5f)), _mm512_add_ps(erf, _mm512_set1_ps(1.0f)));
        _mm512_mask_storeu_ps(data + i, k, y);
    }
}
#else
static inline int bx_has_avx512(void) { return 0; }
static inline void bx_gemm_packed(long kind, long m, long n, long k, const float *a, long lda, const void *packed,
                                  long panelBegin, long panelEnd, float *c, long ldc) {}
static inline void bx_softmax_rows(float *data, long rows, long n, float scale) {}
static inline void bx_gelu_erf(float *data, long count) {}
#endif

#if defined(__linux__)
#include <malloc.h>
// glibc: serve allocations of up to 64 MiB from the heap and keep up to 512 MiB freed memory for reuse.
static inline void bx_keep_freed_memory(void) {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}
#endif
