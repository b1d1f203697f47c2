// Exact-erf GELU, 16 lanes at a time (the same rational erf as the Swift fallback in VectorMath, from Eigen/XLA).
// The attention softmax lives in attention_avx512.c.
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

#else
#include <stdlib.h>
void bx_gelu_erf(float *data, long count) { abort(); }
#endif
