// AMX-BF16 matrix product with float32-level accuracy, for the `amx` kernel backends.
//
// A tile product (TDPBF16PS) multiplies bfloat16 values exactly and accumulates in float32, but a bfloat16 keeps
// only 8 mantissa bits. So each float32 is split into parts that sum back to it: hi = bf16(x), lo = bf16(x - hi),
// lo2 = bf16(x - hi - lo), and the product is the sum of the partial products of part i of A and part j of B with
// i + j <= `order`. Order 2 with three parts (six partial products: hi·hi, lo·hi, lo2·hi, lo·lo, hi·lo, hi·lo2) is
// as accurate as a float32 product; order 1 (hi·hi + lo·hi + hi·lo) is not, by the parity fixtures; order 0 is
// plain bfloat16. An fp16 weight is exactly hi + lo and a bf16 weight exactly hi, so they need fewer parts.
//
// Layouts (both owned here):
// - Weights: panels of 32 columns; per panel, per block of 32 depths, per part, two B tiles of 16 columns
//   (16 rows of 64 bytes; row r holds, per column, the pair of depths 2r and 2r+1: the "VNNI" layout the tile
//   product reads). Zero past n and k.
// - Activations (split per product by `bx_amx_split`): per block of 16 rows, per block of 32 depths, per part,
//   one A tile (16 rows × 32 bf16, row-major). Zero past m and k.
#include "CEncoderKernels.h"

#include <stdint.h>
#include <string.h>

static inline float bx_float(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float x;
    memcpy(&x, &u, 4);
    return x;
}

static inline long bx_amx_k_blocks(long k) { return (k + 31) / 32; }

// Index (in bf16 elements) of part `part` of W[depth][column] in the weight layout.
static inline long bx_amx_weight_index(long depth, long column, long k, long parts, long part) {
    long panel = column / 32, within = column % 32;
    long block = ((panel * bx_amx_k_blocks(k) + depth / 32) * parts + part) * 2 + within / 16;
    return block * 512 + ((depth % 32) / 2) * 32 + (within % 16) * 2 + depth % 2;
}

long bx_amx_weight_floats(long n, long k, long parts) {
    return (n + 31) / 32 * bx_amx_k_blocks(k) * parts * 512;
}

void bx_amx_unpack_rows(const void *packed, long n, long k, long parts, long firstRow, long rows, float *out) {
    const uint16_t *in = (const uint16_t *)packed;
    for (long r = 0; r < rows; r++) {
        for (long column = 0; column < n; column++) {
            float sum = 0;
            for (long part = 0; part < parts; part++)
                sum += bx_float(in[bx_amx_weight_index(firstRow + r, column, k, parts, part)]);
            out[r * n + column] = sum;
        }
    }
}

long bx_amx_split_bytes(long m, long k, long parts) { return (m + 15) / 16 * bx_amx_k_blocks(k) * parts * 1024; }

#if defined(__x86_64__)
#include <immintrin.h>

#define BX_AMX_TARGET __attribute__((target("amx-tile,amx-bf16,avx512f,avx512bw,avx512vl,avx512dq,avx512bf16")))

typedef struct {
    uint8_t palette, startRow;
    uint8_t reserved[14];
    uint16_t bytesPerRow[16];
    uint8_t rows[16];
} bx_tile_config;

// Rounds 32 floats (x0: the first 16) to bfloat16 (returned, in order) and leaves the remainders x - hi (exact in
// float32) in x0, x1; an infinite x keeps no remainder (inf - inf would be NaN).
BX_AMX_TARGET static inline __m512i bx_split_part(__m512 *x0, __m512 *x1) {
    __m512i h = (__m512i)_mm512_cvtne2ps_pbh(*x1, *x0);
    __m512 h0 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(h)), 16));
    __m512 h1 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(h, 1)), 16));
    __mmask16 i0 = _mm512_fpclass_ps_mask(h0, 0x18), i1 = _mm512_fpclass_ps_mask(h1, 0x18);
    *x0 = _mm512_maskz_sub_ps((__mmask16)~i0, *x0, h0);
    *x1 = _mm512_maskz_sub_ps((__mmask16)~i1, *x1, h1);
    return h;
}

// Loads depths 32j..<32j+32 of the k-long row `row` (zero past k).
BX_AMX_TARGET static inline void bx_load_depths(const float *row, long k, long j, __m512 *x0, __m512 *x1) {
    long left = k - 32 * j;
    __mmask16 m0 = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
    __mmask16 m1 = left >= 32 ? (__mmask16)0xFFFF : (left > 16 ? (__mmask16)((1u << (left - 16)) - 1) : 0);
    *x0 = _mm512_maskz_loadu_ps(m0, row + 32 * j);
    *x1 = _mm512_maskz_loadu_ps(m1, row + 32 * j + 16);
}

BX_AMX_TARGET void bx_amx_split(long m, long k, const float *a, long lda, long parts, long rowBlockBegin,
                                long rowBlockEnd, void *split) {
    long kBlocks = bx_amx_k_blocks(k);
    uint16_t *out = (uint16_t *)split;
    for (long block = rowBlockBegin; block < rowBlockEnd; block++) {
        for (long r = 0; r < 16; r++) {
            long row = block * 16 + r;
            for (long j = 0; j < kBlocks; j++) {
                uint16_t *tile = out + ((block * kBlocks + j) * parts) * 512 + r * 32;
                __m512 x0 = _mm512_setzero_ps(), x1 = _mm512_setzero_ps();
                if (row < m) bx_load_depths(a + row * lda, k, j, &x0, &x1);
                for (long part = 0; part < parts; part++)
                    _mm512_storeu_si512((void *)(tile + part * 512), bx_split_part(&x0, &x1));
            }
        }
    }
}

// Splits 16 weight rows (columns of W) × 32 depths at a time; a row's 32 bfloat16 are 16 depth pairs, which the
// B tile wants transposed (tile row = depth pair, one pair per column).
BX_AMX_TARGET void bx_amx_pack(const float *w, long rows, long k, long firstColumn, long parts, void *target) {
    uint32_t *out = (uint32_t *)target;
    long kBlocks = bx_amx_k_blocks(k);
    uint32_t pairs[3][16][16];
    for (long first = 0; first < rows; first += 16) {
        long count = rows - first < 16 ? rows - first : 16;
        for (long j = 0; j < kBlocks; j++) {
            for (long r = 0; r < count; r++) {
                __m512 x0, x1;
                bx_load_depths(w + (first + r) * k, k, j, &x0, &x1);
                for (long part = 0; part < parts && part < 3; part++)
                    _mm512_storeu_si512((void *)pairs[part][r], bx_split_part(&x0, &x1));
            }
            for (long r = 0; r < count; r++) {
                long column = firstColumn + first + r, within = column % 32;
                for (long part = 0; part < parts && part < 3; part++) {
                    long block = (((column / 32) * kBlocks + j) * parts + part) * 2 + within / 16;
                    uint32_t *tile = out + block * 256 + within % 16;
                    for (long pair = 0; pair < 16; pair++) tile[pair * 16] = pairs[part][r][pair];
                }
            }
        }
    }
}

// Stores C tile `t` (16 × 16 floats) at rows row.., columns column.. of c, clipped to m rows and n columns.
#define BX_STORE_TILE(t, row, column)                                                                       \
    if ((row) < m && (column) < n) {                                                                        \
        if ((row) + 16 <= m && (column) + 16 <= n) {                                                        \
            _tile_stored(t, c + (row) * ldc + (column), ldc * 4);                                           \
        } else {                                                                                            \
            _tile_stored(t, spill, 64);                                                                     \
            long rs = m - (row) < 16 ? m - (row) : 16, cs = n - (column) < 16 ? n - (column) : 16;          \
            for (long i = 0; i < rs; i++) memcpy(c + ((row) + i) * ldc + (column), spill + i * 16, cs * 4); \
        }                                                                                                   \
    }

BX_AMX_TARGET void bx_amx_gemm(long m, long n, long k, const void *split, long aParts, const void *packed,
                               long bParts, long order, long rowBlockBegin, long rowBlockEnd, long panelBegin,
                               long panelEnd, float *c, long ldc) {
    // The partial products in an order that reloads one operand at a time.
    static const int sequence[6][2] = {{0, 0}, {1, 0}, {2, 0}, {1, 1}, {0, 1}, {0, 2}};
    int partA[6], partB[6], steps = 0;
    for (int s = 0; s < 6; s++) {
        if (sequence[s][0] < aParts && sequence[s][1] < bParts && sequence[s][0] + sequence[s][1] <= order) {
            partA[steps] = sequence[s][0];
            partB[steps] = sequence[s][1];
            steps++;
        }
    }
    bx_tile_config config;
    memset(&config, 0, sizeof config);
    config.palette = 1;
    for (int t = 0; t < 8; t++) { config.rows[t] = 16; config.bytesPerRow[t] = 64; }
    _tile_loadconfig(&config);
    float spill[256];
    long kBlocks = bx_amx_k_blocks(k);
    const uint16_t *A = (const uint16_t *)split, *B = (const uint16_t *)packed;
    // Tiles: 0-3 accumulate a 32 × 32 block of C (two row blocks × two column halves of a panel), 4-5 hold A
    // (one per row block), 6-7 hold B (one per column half).
    for (long panel = panelBegin; panel < panelEnd; panel++) {
        long column = panel * 32;
        if (column >= n) break;
        const uint16_t *weights = B + panel * kBlocks * bParts * 1024;
        for (long block = rowBlockBegin; block < rowBlockEnd; block += 2) {
            int two = block + 1 < rowBlockEnd;
            _tile_zero(0);
            _tile_zero(1);
            _tile_zero(2);
            _tile_zero(3);
            for (long j = 0; j < kBlocks; j++) {
                const uint16_t *a0 = A + (block * kBlocks + j) * aParts * 512, *a1 = a0 + kBlocks * aParts * 512;
                const uint16_t *b = weights + j * bParts * 1024;
                int loadedA = -1, loadedB = -1;
                for (int s = 0; s < steps; s++) {
                    if (partA[s] != loadedA) {
                        loadedA = partA[s];
                        _tile_loadd(4, a0 + loadedA * 512, 64);
                        if (two) _tile_loadd(5, a1 + loadedA * 512, 64);
                    }
                    if (partB[s] != loadedB) {
                        loadedB = partB[s];
                        _tile_loadd(6, b + loadedB * 1024, 64);
                        _tile_loadd(7, b + loadedB * 1024 + 512, 64);
                    }
                    _tile_dpbf16ps(0, 4, 6);
                    _tile_dpbf16ps(1, 4, 7);
                    if (two) {
                        _tile_dpbf16ps(2, 5, 6);
                        _tile_dpbf16ps(3, 5, 7);
                    }
                }
            }
            long row = block * 16;
            BX_STORE_TILE(0, row, column)
            BX_STORE_TILE(1, row, column + 16)
            if (two) {
                BX_STORE_TILE(2, row + 16, column)
                BX_STORE_TILE(3, row + 16, column + 16)
            }
        }
    }
    _tile_release();
}

#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__linux__)
#define BX_ARCH_REQ_XCOMP_PERM 0x1023
#define BX_XFEATURE_XTILEDATA 18
#endif

__attribute__((target("xsave"))) static int bx_detect_amx(void) {
    unsigned eax, ebx, ecx, edx;
    if (!bx_has_avx512()) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    int tile = (edx >> 24) & 1, bf16 = (edx >> 22) & 1;
    if (!tile || !bf16 || eax < 1) return 0;
    unsigned eax1, ebx1, ecx1, edx1;
    __get_cpuid_count(7, 1, &eax1, &ebx1, &ecx1, &edx1);
    if (!((eax1 >> 5) & 1)) return 0;  // AVX512-BF16, for the splitting conversions
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !((ecx >> 27) & 1)) return 0;  // OSXSAVE
    unsigned long long xcr0 = _xgetbv(0);
    if ((xcr0 & (3ull << 17)) != (3ull << 17)) return 0;  // XTILECFG and XTILEDATA enabled by the OS
#if defined(__linux__)
    // Linux hands out the 8 KB tile state only to processes that ask, once, before the first tile instruction.
    if (syscall(SYS_arch_prctl, BX_ARCH_REQ_XCOMP_PERM, BX_XFEATURE_XTILEDATA) != 0) return 0;
#endif
    return 1;
}

int bx_has_amx(void) {
    static int state = -1;
    int known = __atomic_load_n(&state, __ATOMIC_ACQUIRE);
    if (known >= 0) return known;
    known = bx_detect_amx();
    __atomic_store_n(&state, known, __ATOMIC_RELEASE);
    return known;
}

#else
#include <stdlib.h>
int bx_has_amx(void) { return 0; }
void bx_amx_pack(const float *w, long rows, long k, long firstColumn, long parts, void *target) {
    abort();  // unreachable: bx_has_amx() is 0 here
}
void bx_amx_split(long m, long k, const float *a, long lda, long parts, long rowBlockBegin, long rowBlockEnd,
                  void *split) {
    abort();  // unreachable: bx_has_amx() is 0 here
}
void bx_amx_gemm(long m, long n, long k, const void *split, long aParts, const void *packed, long bParts,
                 long order, long rowBlockBegin, long rowBlockEnd, long panelBegin, long panelEnd, float *c,
                 long ldc) {
    abort();
}
#endif
