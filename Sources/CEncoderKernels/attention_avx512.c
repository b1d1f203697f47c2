// Fused self-attention of one head over a strip of query rows, AVX-512: scores, softmax and the product with V
// run block by block of query rows while the block's scores are in L1, instead of three passes over a strip of
// the `t × t` matrix (which at 512 tokens spills to L2). The probabilities are written once, in place.
#include "CEncoderKernels.h"
#include "avx512_tiles.h"

#if defined(__x86_64__)
#include <stdlib.h>

// Query rows per block: the block's scores (rows × t floats) stay in L1 (48 KB on the CPUs we measure) through
// the softmax and the product with V. At least one 12-row tile.
#define BX_BLOCK_BYTES (32 * 1024)

// Tiles of 12, 8, 4, 2 or 1 rows × 32 columns (avx512_tiles.h). Scores: A = queries (row stride lda), B = a panel of 32
// packed keys (`depth` rows of 32); each row's running maximum is kept as 16 lanes in `maxima`. Context: A =
// probabilities, B = `depth` rows of V (row stride ldb, masked to the head's columns).
#define BX_STORE(r) _mm512_mask_storeu_ps(c + (r) * ldc, m0, c0_##r);                                       \
                    _mm512_mask_storeu_ps(c + (r) * ldc + 16, m1, c1_##r);
// Masked-off lanes (keys past t) must not count: they hold the zero padding's scores.
#define BX_STORE_MAX(r) BX_STORE(r)                                                                         \
    maxima[r] = _mm512_max_ps(maxima[r], _mm512_max_ps(_mm512_mask_mov_ps(lowest, m0, c0_##r),               \
                                                       _mm512_mask_mov_ps(lowest, m1, c1_##r)));

#define BX_SCORE_TILE(ROWS)                                                                                 \
BX_TARGET static inline void bx_scores_##ROWS(long depth, const float *a, long lda, const float *b, float *c, \
                                              long ldc, __mmask16 m0, __mmask16 m1, __m512 *maxima) {       \
    __m512 lowest = _mm512_set1_ps(-__builtin_inff());                                                      \
    BX_ROWS_##ROWS(BX_DECL)                                                                                 \
    for (long p = 0; p < depth; p++) {                                                                      \
        __m512 b0 = _mm512_loadu_ps(b + p * 32), b1 = _mm512_loadu_ps(b + p * 32 + 16);                     \
        BX_ROWS_##ROWS(BX_FMA)                                                                              \
    }                                                                                                       \
    BX_ROWS_##ROWS(BX_STORE_MAX)                                                                            \
}
#define BX_CONTEXT_TILE(ROWS)                                                                               \
BX_TARGET static inline void bx_context_##ROWS(long depth, const float *a, long lda, const float *b, long ldb, \
                                               float *c, long ldc, __mmask16 m0, __mmask16 m1) {            \
    BX_ROWS_##ROWS(BX_DECL)                                                                                 \
    for (long p = 0; p < depth; p++) {                                                                      \
        __m512 b0 = _mm512_maskz_loadu_ps(m0, b + p * ldb), b1 = _mm512_maskz_loadu_ps(m1, b + p * ldb + 16); \
        BX_ROWS_##ROWS(BX_FMA)                                                                              \
    }                                                                                                       \
    BX_ROWS_##ROWS(BX_STORE)                                                                                \
}
BX_SCORE_TILE(12) BX_SCORE_TILE(8) BX_SCORE_TILE(4) BX_SCORE_TILE(2) BX_SCORE_TILE(1)
BX_CONTEXT_TILE(12) BX_CONTEXT_TILE(8) BX_CONTEXT_TILE(4) BX_CONTEXT_TILE(2) BX_CONTEXT_TILE(1)

// Runs TILE over `rows` rows in tiles of 12, 8, 4, 2 and 1; ARGS(r) are the arguments of the tile at row r.
#define BX_OVER_ROWS(TILE, rows, ARGS) {                                                                    \
    long r = 0;                                                                                             \
    for (; r + 12 <= (rows); r += 12) TILE##_12 ARGS(r);                                                    \
    if (r + 8 <= (rows)) { TILE##_8 ARGS(r); r += 8; }                                                      \
    if (r + 4 <= (rows)) { TILE##_4 ARGS(r); r += 4; }                                                      \
    if (r + 2 <= (rows)) { TILE##_2 ARGS(r); r += 2; }                                                      \
    if (r < (rows)) TILE##_1 ARGS(r);                                                                       \
}

// 2^x for x ≤ 0: x = n + f with |f| ≤ 1/2, 2^f by a degree-5 fit (relative error 2.4e-7 in float32), then
// vscalefps. NaN stays NaN (the operand order of max keeps it); below -200 the result is 0.
BX_TARGET static inline __m512 bx_exp2(__m512 x) {
    x = _mm512_max_ps(_mm512_set1_ps(-200.0f), x);
    __m512 n = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 f = _mm512_sub_ps(x, n);
    __m512 p = _mm512_set1_ps(1.327647129073739e-3f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.675540961325169e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.550713092088699e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4022120237350464e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.931469440460205e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0000001192092896f));
    return _mm512_scalef_ps(p, n);
}

// Softmax of scale · row over n floats in place, given the row's maximum (16 lanes); with `out`, also copies the
// result there. exp(scale · (x - max)) is 2^(x · c - max · c) with c = scale · log2(e), one fused step. A NaN or
// +inf anywhere, or a row of only -inf, gives NaN in the sum and so a row of NaN, as in PyTorch.
BX_TARGET static inline void bx_softmax_row(float *x, long n, __m512 maxima, float scale, float *out) {
    float c = scale * 1.4426950408889634f;
    __m512 factor = _mm512_set1_ps(c), offset = _mm512_set1_ps(_mm512_reduce_max_ps(maxima) * c);
    __m512 sum = _mm512_setzero_ps();
    long full = n / 16 * 16;
    for (long i = 0; i < full; i += 16) {
        __m512 e = bx_exp2(_mm512_fmsub_ps(_mm512_loadu_ps(x + i), factor, offset));
        _mm512_storeu_ps(x + i, e);
        sum = _mm512_add_ps(sum, e);
    }
    if (full < n) {
        __mmask16 tail = bx_mask(n - full);
        __m512 e = bx_exp2(_mm512_fmsub_ps(_mm512_maskz_loadu_ps(tail, x + full), factor, offset));
        _mm512_mask_storeu_ps(x + full, tail, e);
        sum = _mm512_add_ps(sum, _mm512_maskz_mov_ps(tail, e));
    }
    __m512 inverse = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sum));
    // `out` gets streaming stores, which skip reading the destination lines first: at 512 tokens the captured
    // probabilities (12 MB a layer for MiniLM) would otherwise be read from memory only to be overwritten. They
    // need 64-byte alignment: the row's first floats up to that boundary and its tail are stored plainly.
    long i = 0;
    if (out) {
        long head = (long)((64 - ((unsigned long)out & 63)) & 63) / 4;
        if (head > n) head = n;
        if (head) {
            __mmask16 k = bx_mask(head);
            __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(k, x), inverse);
            _mm512_mask_storeu_ps(x, k, v);
            _mm512_mask_storeu_ps(out, k, v);
        }
        for (i = head; i + 16 <= n; i += 16) {
            __m512 v = _mm512_mul_ps(_mm512_loadu_ps(x + i), inverse);
            _mm512_storeu_ps(x + i, v);
            _mm512_stream_ps(out + i, v);
        }
    } else {
        for (; i + 16 <= n; i += 16) _mm512_storeu_ps(x + i, _mm512_mul_ps(_mm512_loadu_ps(x + i), inverse));
    }
    if (i < n) {
        __mmask16 k = bx_mask(n - i);
        __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(k, x + i), inverse);
        _mm512_mask_storeu_ps(x + i, k, v);
        if (out) _mm512_mask_storeu_ps(out + i, k, v);
    }
}

BX_TARGET void bx_attention_rows(long rows, long t, long size, const float *queries, long ldq,
                                 const float *packedKeys, const float *values, long ldv, float scale,
                                 float *probabilities, long ldp, float *context, long ldc) {
    // A block's scores live in `local` (row stride a multiple of 16 floats) from the scores to the product with V.
    long stride = (t + 15) / 16 * 16;
    long block = BX_BLOCK_BYTES / (4 * stride) / 12 * 12;
    if (block < 12) block = 12;
    if (block > 96) block = 96;
    if (block > rows) block = rows;
    _Alignas(64) float onStack[BX_BLOCK_BYTES / 4];
    float *local = onStack;
    if (block * stride > BX_BLOCK_BYTES / 4) {
        local = (float *)aligned_alloc(64, (size_t)(block * stride * 4));
        if (!local) abort();  // a few hundred KB at very long inputs
    }
    __m512 maxima[96];
    for (long first = 0; first < rows; first += block) {
        long count = rows - first < block ? rows - first : block;
        const float *q = queries + first * ldq;
        for (long r = 0; r < count; r++) maxima[r] = _mm512_set1_ps(-__builtin_inff());
        for (long panel = 0; panel * 32 < t; panel++) {
            long column = panel * 32;
            __mmask16 m0 = bx_mask(t - column), m1 = bx_mask(t - column - 16);
            const float *b = packedKeys + panel * size * 32;
#define BX_SCORE_ARGS(r) (size, q + (r) * ldq, ldq, b, local + (r) * stride + column, stride, m0, m1, maxima + (r))
            BX_OVER_ROWS(bx_scores, count, BX_SCORE_ARGS)
        }
        for (long r = 0; r < count; r++) {
            bx_softmax_row(local + r * stride, t, maxima[r], scale,
                           probabilities ? probabilities + (first + r) * ldp : NULL);
        }
        for (long column = 0; column < size; column += 32) {
            __mmask16 m0 = bx_mask(size - column), m1 = bx_mask(size - column - 16);
            float *out = context + first * ldc + column;
#define BX_CONTEXT_ARGS(r) (t, local + (r) * stride, stride, values + column, ldv, out + (r) * ldc, ldc, m0, m1)
            BX_OVER_ROWS(bx_context, count, BX_CONTEXT_ARGS)
        }
    }
    if (local != onStack) free(local);
    _mm_sfence();  // streaming stores are weakly ordered: make them visible before the pool reports this piece done
}

#else
#include <stdlib.h>
void bx_attention_rows(long rows, long t, long size, const float *queries, long ldq, const float *packedKeys,
                       const float *values, long ldv, float scale, float *probabilities, long ldp, float *context,
                       long ldc) { abort(); }
#endif
