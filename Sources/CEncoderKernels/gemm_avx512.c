// AVX-512 matrix product on weights packed once at load, for the encoder's linear layers and attention.
//
// Weights are stored as panels of 32 columns: panel p holds B[0..<k][32p ..< 32p+32] row after row, so a panel
// streams through memory once per product while tiles of up to 12 rows of A reuse it from cache.
#include "CEncoderKernels.h"
#include "avx512_tiles.h"

#if defined(__x86_64__)
#include <stdlib.h>

// Panels hold float32, IEEE half or bfloat16 elements; 16-bit values are widened to float32 in registers, exactly,
// so a model stored in 16 bits streams half the bytes for the same results.
#define BX_LOAD_BX_ELEMENT_F32(ptr, index) _mm512_loadu_ps((const float *)(ptr) + (index))
#define BX_LOAD_BX_ELEMENT_F16(ptr, index) \
    _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)((const unsigned short *)(ptr) + (index))))
#define BX_LOAD_BX_ELEMENT_BF16(ptr, index) _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32( \
    _mm256_loadu_si256((const __m256i *)((const unsigned short *)(ptr) + (index)))), 16))

// Tiles of 1 to 12 rows × 32 columns (avx512_tiles.h), stored with the bias added.
#define BX_STORE(r) _mm512_mask_storeu_ps(c + (r) * ldc, m0, _mm512_add_ps(c0_##r, bias0));                 \
                    _mm512_mask_storeu_ps(c + (r) * ldc + 16, m1, _mm512_add_ps(c1_##r, bias1));
// Each step also prefetches `stride` bytes further into L2 from `ahead` (a slice of the next panel), so weights
// that come from memory stream in while this panel is computed instead of stalling its first tile.
#define BX_TILE(NAME, EACH, LOAD)                                                                           \
BX_TARGET static inline void NAME(                                                                          \
    long k, const float *a, long lda, const void *panel, float *c, long ldc, __mmask16 m0, __mmask16 m1,    \
    const char *ahead, long stride, __m512 bias0, __m512 bias1) {                                           \
    EACH(BX_DECL)                                                                                           \
    for (long p = 0; p < k; p++) {                                                                          \
        __m512 b0 = LOAD(panel, p * 32);                                                                    \
        __m512 b1 = LOAD(panel, p * 32 + 16);                                                               \
        _mm_prefetch(ahead + p * stride, _MM_HINT_T1);                                                      \
        EACH(BX_FMA)                                                                                        \
    }                                                                                                       \
    EACH(BX_STORE)                                                                                          \
}
#define BX_TILE_OF(ROWS, ELEMENT) BX_TILE(bx_tile_##ROWS##_##ELEMENT, BX_ROWS_##ROWS, BX_LOAD_##ELEMENT)
#define BX_CASE(ROWS, ELEMENT) case ROWS: \
    bx_tile_##ROWS##_##ELEMENT(k, a + r * lda, lda, b, c + r * ldc, ldc, m0, m1, ahead, stride, bias0, bias1); break;
#define BX_EACH_ROWS(X, ELEMENT) X(1, ELEMENT) X(2, ELEMENT) X(3, ELEMENT) X(4, ELEMENT) X(5, ELEMENT) X(6, ELEMENT) \
    X(7, ELEMENT) X(8, ELEMENT) X(9, ELEMENT) X(10, ELEMENT) X(11, ELEMENT) X(12, ELEMENT)

#define BX_DEFINE_GEMM(ELEMENT, SIZE)                                                                       \
BX_EACH_ROWS(BX_TILE_OF, ELEMENT)                                                                           \
/* One panel (`columns` ≤ 32 wide, at c, plus `bias` at its first column unless NULL); the tiles together */ \
/* prefetch `aheadBytes` from `ahead`. */                                                                    \
BX_TARGET static void bx_panel_##ELEMENT(                                                                   \
    long m, long columns, long k, const float *a, long lda, const void *b, const float *bias, float *c,     \
    long ldc, const char *ahead, long aheadBytes) {                                                         \
    __mmask16 m0 = bx_mask(columns), m1 = bx_mask(columns - 16);                                            \
    /* The bias is added to the finished sums, the floats adding it afterwards gives; without one the tiles */ \
    /* add zeros, which changes nothing (a sum that starts at +0 is never -0). */                            \
    __m512 bias0 = bias ? _mm512_maskz_loadu_ps(m0, bias) : _mm512_setzero_ps();                            \
    __m512 bias1 = bias ? _mm512_maskz_loadu_ps(m1, bias + 16) : _mm512_setzero_ps();                       \
    /* As few tiles as 12 rows allow, of sizes differing by at most one: a tile of r rows costs about r + 2 */ \
    /* FMA-port cycles per step (a 16-bit panel is widened once per tile), so 11 rows run as one tile, not */ \
    /* 8 + 2 + 1 (measured 5-34% faster at 3-31 rows that are not a multiple of 4, the same at 8, 16, 32). */ \
    long tiles = (m + 11) / 12;                                                                             \
    if (tiles == 0) return;                                                                                 \
    long stride = (aheadBytes + tiles * k - 1) / (tiles * k), slice = stride * k;                           \
    for (long tile = 0, r = 0; tile < tiles; tile++, ahead += slice) {                                      \
        long rows = m * (tile + 1) / tiles - r;                                                             \
        switch (rows) { BX_EACH_ROWS(BX_CASE, ELEMENT) }                                                    \
        r += rows;                                                                                          \
    }                                                                                                       \
}                                                                                                           \
BX_TARGET static void bx_gemm_##ELEMENT(                                                                    \
    long m, long n, long k, const float *a, long lda, const void *packed,                                   \
    long panelBegin, long panelEnd, const float *bias, float *c, long ldc) {                                \
    long panelBytes = k * 32 * (SIZE);                                                                      \
    for (long panel = panelBegin; panel < panelEnd; panel++) {                                              \
        const char *b = (const char *)packed + panel * panelBytes;                                          \
        long column = panel * 32, columns = n - column;                                                     \
        if (columns <= 0) return;                                                                           \
        if (columns > 32) columns = 32;                                                                     \
        bx_panel_##ELEMENT(m, columns, k, a, lda, b, bias ? bias + column : NULL, c + column, ldc,          \
                           b + panelBytes, panelBytes);                                                     \
    }                                                                                                       \
}
BX_DEFINE_GEMM(BX_ELEMENT_F32, 4)
BX_DEFINE_GEMM(BX_ELEMENT_F16, 2)
BX_DEFINE_GEMM(BX_ELEMENT_BF16, 2)

// Widens each 16-bit panel once into a float32 buffer, then runs the float32 tiles on it: for inputs of many
// rows, widening inside the tiles would redo the conversion once per tile.
#define BX_DEFINE_WIDENED(ELEMENT)                                                                          \
BX_TARGET static void bx_gemm_widened_##ELEMENT(                                                            \
    long m, long n, long k, const float *a, long lda, const void *packed, long panelBegin, long panelEnd,   \
    const float *bias, float *c, long ldc) {                                                                \
    float *buffer = (float *)aligned_alloc(64, (size_t)(k * 32 * 4 + 63) / 64 * 64);                        \
    if (!buffer) { bx_gemm_##ELEMENT(m, n, k, a, lda, packed, panelBegin, panelEnd, bias, c, ldc); return; } \
    for (long panel = panelBegin; panel < panelEnd; panel++) {                                              \
        const unsigned short *b = (const unsigned short *)packed + panel * k * 32;                          \
        long columns = n - panel * 32;                                                                      \
        if (columns <= 0) break;                                                                            \
        for (long i = 0; i < k * 32; i += 16) _mm512_store_ps(buffer + i, BX_LOAD_##ELEMENT(b, i));        \
        bx_panel_BX_ELEMENT_F32(m, columns > 32 ? 32 : columns, k, a, lda, buffer,                          \
                                bias ? bias + panel * 32 : NULL, c + panel * 32, ldc,                       \
                                (const char *)(b + k * 32), k * 32 * 2);                                    \
    }                                                                                                       \
    free(buffer);                                                                                           \
}
BX_DEFINE_WIDENED(BX_ELEMENT_F16)
BX_DEFINE_WIDENED(BX_ELEMENT_BF16)

void bx_gemm_packed_bias(bx_element element, long m, long n, long k, const float *a, long lda, const void *packed,
                         long panelBegin, long panelEnd, const float *bias, float *c, long ldc) {
    switch (element) {
    case BX_ELEMENT_F16:
        if (m >= 32) bx_gemm_widened_BX_ELEMENT_F16(m, n, k, a, lda, packed, panelBegin, panelEnd, bias, c, ldc);
        else bx_gemm_BX_ELEMENT_F16(m, n, k, a, lda, packed, panelBegin, panelEnd, bias, c, ldc);
        break;
    case BX_ELEMENT_BF16:
        if (m >= 32) bx_gemm_widened_BX_ELEMENT_BF16(m, n, k, a, lda, packed, panelBegin, panelEnd, bias, c, ldc);
        else bx_gemm_BX_ELEMENT_BF16(m, n, k, a, lda, packed, panelBegin, panelEnd, bias, c, ldc);
        break;
    case BX_ELEMENT_F32:
        bx_gemm_BX_ELEMENT_F32(m, n, k, a, lda, packed, panelBegin, panelEnd, bias, c, ldc);
        break;
    }
}

void bx_gemm_packed(bx_element element, long m, long n, long k, const float *a, long lda, const void *packed,
                    long panelBegin, long panelEnd, float *c, long ldc) {
    bx_gemm_packed_bias(element, m, n, k, a, lda, packed, panelBegin, panelEnd, NULL, c, ldc);
}

#else
#include <stdlib.h>
void bx_gemm_packed_bias(bx_element element, long m, long n, long k, const float *a, long lda, const void *packed,
                         long panelBegin, long panelEnd, const float *bias, float *c, long ldc) {
    abort();  // unreachable: bx_has_avx512() is 0 here
}
void bx_gemm_packed(bx_element element, long m, long n, long k, const float *a, long lda, const void *packed,
                    long panelBegin, long panelEnd, float *c, long ldc) {
    abort();
}
#endif
