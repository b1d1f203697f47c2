// Transposes for packing checkpoint weights at load: PyTorch stores a Linear weight as [out, in], the kernels read
// it as [in, out] (panels or row-major). AVX-512 moves 32×32 (16-bit) or 16×16 (32-bit) blocks through
// registers with log2(block) rounds of two-register permutes; edges and CPUs without AVX-512 take a scalar loop.
#include "CEncoderKernels.h"
#include <string.h>

static void bx_transpose_scalar(const unsigned char *src, long srcStride, unsigned char *dst, long dstStride,
                                long rows, long columns, long size) {
    // Blocks of 32 × 32 keep the source rows and the target lines in cache.
    for (long r0 = 0; r0 < rows; r0 += 32) {
        for (long c0 = 0; c0 < columns; c0 += 32) {
            long r1 = r0 + 32 < rows ? r0 + 32 : rows, c1 = c0 + 32 < columns ? c0 + 32 : columns;
            for (long r = r0; r < r1; r++) {
                for (long c = c0; c < c1; c++) {
                    memcpy(dst + (c * dstStride + r) * size, src + (r * srcStride + c) * size, (size_t)size);
                }
            }
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

#define BX_PACK_TARGET __attribute__((target("avx512f,avx512bw")))

/// Transposes whole blocks of one 64-byte register per row (32 16-bit or 16 32-bit elements, `size` bytes each),
/// then the edges in scalar code. Round s swaps bit s of the row and column index, by exchanging the
/// off-diagonal sub-blocks of size 2^s between rows i and i + 2^s with two-register permutes.
BX_PACK_TARGET static void bx_transpose_avx512(const unsigned char *src, long srcStride, unsigned char *dst,
                                               long dstStride, long rows, long columns, long size) {
    int block = (int)(64 / size), rounds = size == 2 ? 5 : 4;
    __m512i low[5], high[5];
    for (int s = 0; s < rounds; s++) {
        short low16[32], high16[32];
        int low32[16], high32[16];
        int b = 1 << s;
        for (int c = 0; c < block; c++) {
            int lo = (c & b) == 0 ? c : block + c - b, hi = (c & b) == 0 ? c + b : block + c;
            if (size == 2) {
                low16[c] = (short)lo;
                high16[c] = (short)hi;
            } else {
                low32[c] = lo;
                high32[c] = hi;
            }
        }
        low[s] = size == 2 ? _mm512_loadu_si512(low16) : _mm512_loadu_si512(low32);
        high[s] = size == 2 ? _mm512_loadu_si512(high16) : _mm512_loadu_si512(high32);
    }
    long fullRows = rows / block * block, fullColumns = columns / block * block;
    for (long r0 = 0; r0 < fullRows; r0 += block) {
        for (long c0 = 0; c0 < fullColumns; c0 += block) {
            __m512i v[32];
            for (int i = 0; i < block; i++) v[i] = _mm512_loadu_si512(src + ((r0 + i) * srcStride + c0) * size);
            for (int s = 0; s < rounds; s++) {
                int b = 1 << s;
                for (int i = 0; i < block; i++) {
                    if (i & b) continue;
                    __m512i x = v[i], y = v[i + b];
                    v[i] = size == 2 ? _mm512_permutex2var_epi16(x, low[s], y) : _mm512_permutex2var_epi32(x, low[s], y);
                    v[i + b] = size == 2 ? _mm512_permutex2var_epi16(x, high[s], y)
                                         : _mm512_permutex2var_epi32(x, high[s], y);
                }
            }
            for (int i = 0; i < block; i++) _mm512_storeu_si512(dst + ((c0 + i) * dstStride + r0) * size, v[i]);
        }
    }
    if (fullColumns < columns) {
        bx_transpose_scalar(src + fullColumns * size, srcStride, dst + fullColumns * dstStride * size, dstStride,
                            fullRows, columns - fullColumns, size);
    }
    if (fullRows < rows) {
        bx_transpose_scalar(src + fullRows * srcStride * size, srcStride, dst + fullRows * size, dstStride,
                            rows - fullRows, columns, size);
    }
}
#endif

void bx_transpose(const void *src, long srcStride, void *dst, long dstStride, long rows, long columns, long size) {
#if defined(__x86_64__)
    if ((size == 2 || size == 4) && bx_has_avx512()) {
        bx_transpose_avx512(src, srcStride, dst, dstStride, rows, columns, size);
        return;
    }
#endif
    bx_transpose_scalar(src, srcStride, dst, dstStride, rows, columns, size);
}
