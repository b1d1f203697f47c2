// What the AVX-512 kernels share (internal to this target): their target attribute, tail masks, and the register
// tiles of up to 12 rows × 32 columns their FMA loops spell out.
#ifndef BX_AVX512_TILES_H
#define BX_AVX512_TILES_H

#if defined(__x86_64__)
#include <immintrin.h>

#define BX_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,f16c,fma")))

// The first `remaining` of 16 lanes (none when remaining <= 0).
BX_TARGET static inline __mmask16 bx_mask(long remaining) {
    return remaining >= 16 ? (__mmask16)0xFFFF : (remaining <= 0 ? (__mmask16)0 : (__mmask16)((1u << remaining) - 1));
}

// Row r of a tile: two accumulators (32 columns), spelled out so they live in registers (12 rows: 24 of them, two
// B vectors and a broadcast of the 32 vector registers). A step adds A[r][p] (row stride lda) times b0 | b1.
#define BX_DECL(r) __m512 c0_##r = _mm512_setzero_ps(), c1_##r = _mm512_setzero_ps();
#define BX_FMA(r) { __m512 av = _mm512_set1_ps(a[(r) * lda + p]);                                             \
                    c0_##r = _mm512_fmadd_ps(av, b0, c0_##r); c1_##r = _mm512_fmadd_ps(av, b1, c1_##r); }
#define BX_ROWS_1(X) X(0)
#define BX_ROWS_2(X) BX_ROWS_1(X) X(1)
#define BX_ROWS_3(X) BX_ROWS_2(X) X(2)
#define BX_ROWS_4(X) BX_ROWS_3(X) X(3)
#define BX_ROWS_5(X) BX_ROWS_4(X) X(4)
#define BX_ROWS_6(X) BX_ROWS_5(X) X(5)
#define BX_ROWS_7(X) BX_ROWS_6(X) X(6)
#define BX_ROWS_8(X) BX_ROWS_7(X) X(7)
#define BX_ROWS_9(X) BX_ROWS_8(X) X(8)
#define BX_ROWS_10(X) BX_ROWS_9(X) X(9)
#define BX_ROWS_11(X) BX_ROWS_10(X) X(10)
#define BX_ROWS_12(X) BX_ROWS_11(X) X(11)
#endif

#endif
