// Row softmax and exact-erf GELU, 16 lanes at a time (the same polynomials as the Swift fallback in VectorMath:
// Cephes exp, Eigen/XLA rational erf).
#include "CEncoderKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define BX_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma")))

BX_TARGET static inline __m512 bx_exp16(__m512 x) {
    x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(88.3f)), _mm512_set1_ps(-87.3f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
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

BX_TARGET static inline __mmask16 bx_tail(long remaining) {
    return remaining >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << remaining) - 1);
}

BX_TARGET void bx_softmax_rows(float *data, long rows, long n, long stride, float scale) {
    __m512 scaling = _mm512_set1_ps(scale), negativeInfinity = _mm512_set1_ps(-__builtin_inff());
    for (long row = 0; row < rows; row++) {
        float *x = data + row * stride;
        __m512 m = negativeInfinity;
        __mmask16 unordered = 0;
        for (long i = 0; i < n; i += 16) {
            __m512 v = _mm512_mask_loadu_ps(negativeInfinity, bx_tail(n - i), x + i);
            unordered |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
            m = _mm512_max_ps(m, v);
        }
        float largest = _mm512_reduce_max_ps(m);
        // As in PyTorch: a NaN, a +inf (inf - inf) or a row of only -inf gives a row of NaN, never a masked one.
        if (unordered || largest == __builtin_inff() || largest == -__builtin_inff()) {
            for (long i = 0; i < n; i++) x[i] = __builtin_nanf("");
            continue;
        }
        __m512 maximum = _mm512_set1_ps(largest);
        __m512 sum = _mm512_setzero_ps();
        for (long i = 0; i < n; i += 16) {
            __mmask16 k = bx_tail(n - i);
            __m512 e = bx_exp16(_mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, x + i), maximum), scaling));
            e = _mm512_maskz_mov_ps(k, e);
            _mm512_mask_storeu_ps(x + i, k, e);
            sum = _mm512_add_ps(sum, e);
        }
        __m512 inverse = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sum));
        for (long i = 0; i < n; i += 16) {
            __mmask16 k = bx_tail(n - i);
            _mm512_mask_storeu_ps(x + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, x + i), inverse));
        }
    }
}

BX_TARGET void bx_gelu_erf(float *data, long count) {
    for (long i = 0; i < count; i += 16) {
        __mmask16 k = bx_tail(count - i);
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

#else
#include <stdlib.h>
void bx_softmax_rows(float *data, long rows, long n, long stride, float scale) { abort(); }
void bx_gelu_erf(float *data, long count) { abort(); }
#endif
