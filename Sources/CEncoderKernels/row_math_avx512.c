// Row kernels, 16 lanes at a time: the exact-erf GELU (the same rational erf as the Swift fallback in VectorMath,
// from Eigen/XLA) and the per-row sums of the head statistics. The attention softmax lives in attention_avx512.c.
#include "CEncoderKernels.h"
#include "avx512_tiles.h"

#if defined(__x86_64__)

BX_TARGET void bx_gelu_erf(float *data, long count) {
    for (long i = 0; i < count; i += 16) {
        __mmask16 k = bx_mask(count - i);
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
        // v · … keeps NaN (and ±inf) of the input: the clamp above alone would turn NaN into 4.
        __m512 y = _mm512_mul_ps(_mm512_mul_ps(v, _mm512_set1_ps(0.5f)), _mm512_add_ps(erf, _mm512_set1_ps(1.0f)));
        _mm512_mask_storeu_ps(data + i, k, y);
    }
}

// ln x per lane (Cephes logf): x = 2^e · m with m in [√½, √2) from getexp/getmant (subnormals included), then
// ln m = f − f²/2 + f³·P(f) with f = m − 1. NaN and +inf come out NaN and +inf.
BX_TARGET static inline __m512 bx_log(__m512 x) {
    __m512 m = _mm512_getmant_ps(x, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_src);
    __m512 e = _mm512_getexp_ps(x);
    __mmask16 big = _mm512_cmp_ps_mask(m, _mm512_set1_ps(1.41421356f), _CMP_GE_OQ);
    m = _mm512_mask_mul_ps(m, big, m, _mm512_set1_ps(0.5f));
    e = _mm512_mask_add_ps(e, big, e, _mm512_set1_ps(1.0f));
    __m512 f = _mm512_sub_ps(m, _mm512_set1_ps(1.0f)), z = _mm512_mul_ps(f, f);
    __m512 p = _mm512_set1_ps(7.0376836292e-2f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(-1.1514610310e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.1676998740e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(-1.2420140846e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.4249322787e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(-1.6668057665e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.0000714765e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(-2.4999993993e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(3.3333331174e-1f));
    __m512 y = _mm512_mul_ps(_mm512_mul_ps(p, f), z);
    y = _mm512_fmadd_ps(e, _mm512_set1_ps(-2.12194440e-4f), y);
    y = _mm512_fnmadd_ps(_mm512_set1_ps(0.5f), z, y);
    return _mm512_fmadd_ps(e, _mm512_set1_ps(0.693359375f), _mm512_add_ps(f, y));
}

BX_TARGET void bx_attention_row_sums(const float *row, long n, long query, float *entropy, float *distance) {
    __m512 sumEntropy = _mm512_setzero_ps(), sumDistance = _mm512_setzero_ps();
    const __m512 lanes = _mm512_set_ps(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    const __m512 q = _mm512_set1_ps((float)query);
    for (long k = 0; k < n; k += 16) {
        __mmask16 valid = bx_mask(n - k);
        __m512 a = _mm512_maskz_loadu_ps(valid, row + k);
        // "Not a ≤ 0" keeps NaN lanes, so a NaN row's entropy is NaN.
        __mmask16 counted = _mm512_mask_cmp_ps_mask(valid, a, _mm512_setzero_ps(), _CMP_NLE_UQ);
        sumEntropy = _mm512_sub_ps(sumEntropy, _mm512_maskz_mul_ps(counted, a, bx_log(a)));
        __m512 offset = _mm512_abs_ps(_mm512_sub_ps(_mm512_add_ps(lanes, _mm512_set1_ps((float)k)), q));
        sumDistance = _mm512_fmadd_ps(a, offset, sumDistance);
    }
    *entropy = _mm512_reduce_add_ps(sumEntropy);
    *distance = _mm512_reduce_add_ps(sumDistance);
}

#else
#include <stdlib.h>
void bx_gelu_erf(float *data, long count) { abort(); }
void bx_attention_row_sums(const float *row, long n, long query, float *entropy, float *distance) { abort(); }
#endif
