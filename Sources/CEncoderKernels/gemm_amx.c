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
// - Weights as tiles: panels of 32 columns; per panel, per block of 32 depths, per part, two B tiles of 16 columns
//   (16 rows of 64 bytes; row r holds, per column, the pair of depths 2r and 2r+1: the "VNNI" layout the tile
//   product reads). Zero past n and k. The `amx` backend keeps its weights as `bx_gemm_packed` panels and
//   `bx_amx_gemm_panels` splits them into this layout per product, a group of panels at a time, in per-thread
//   memory; `amx-bf16` stores its (rounded) weights in it at load for `bx_amx_gemm`.
// - Activations (split per product by `bx_amx_split`): per block of 16 rows, per block of 32 depths, per part,
//   one A tile (16 rows × 32 bf16, row-major). Zero past m and k.
#include "CEncoderKernels.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
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

// Splits 32 floats (x0: the first 16) into `parts` bfloat16 parts, each stored (in order) 512 bfloat16 after the
// previous from `out`: hi = bf16(x), then the same of the remainder x - hi (exact in float32). An infinite x keeps
// no remainder (inf - inf would be NaN); remainders are finite after the first part and unused after the last, so
// only the first checks and the last only rounds.
BX_AMX_TARGET static inline void bx_split_parts(__m512 x0, __m512 x1, long parts, uint16_t *out) {
    for (long part = 0; part < parts; part++) {
        __m512i h = (__m512i)_mm512_cvtne2ps_pbh(x1, x0);
        _mm512_storeu_si512((void *)(out + part * 512), h);
        if (part + 1 == parts) break;
        __m512 h0 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(h)), 16));
        __m512 h1 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(h, 1)), 16));
        if (part == 0) {
            __mmask16 i0 = _mm512_fpclass_ps_mask(h0, 0x18), i1 = _mm512_fpclass_ps_mask(h1, 0x18);
            x0 = _mm512_maskz_sub_ps((__mmask16)~i0, x0, h0);
            x1 = _mm512_maskz_sub_ps((__mmask16)~i1, x1, h1);
        } else {
            x0 = _mm512_sub_ps(x0, h0);
            x1 = _mm512_sub_ps(x1, h1);
        }
    }
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
    // Tile by tile, so the writes are sequential (measured 15-28% faster than row by row at a depth of 1536).
    for (long block = rowBlockBegin; block < rowBlockEnd; block++) {
        for (long j = 0; j < kBlocks; j++) {
            uint16_t *tile = out + ((block * kBlocks + j) * parts) * 512;
            for (long r = 0; r < 16; r++) {
                long row = block * 16 + r;
                __m512 x0 = _mm512_setzero_ps(), x1 = _mm512_setzero_ps();
                if (row < m) bx_load_depths(a + row * lda, k, j, &x0, &x1);
                if (parts == 3) bx_split_parts(x0, x1, 3, tile + r * 32);  // the usual count, unrolled
                else bx_split_parts(x0, x1, parts, tile + r * 32);
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
                bx_split_parts(x0, x1, parts < 3 ? parts : 3, (uint16_t *)pairs[0][r]);
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

// Loads C tile `t` from rows row.., columns column.. of c (what an earlier block of depths stored there), clipped
// like BX_STORE_TILE (the clipped-off part zero).
#define BX_LOAD_TILE(t, row, column)                                                                        \
    if ((row) + 16 <= m && (column) + 16 <= n) {                                                            \
        _tile_loadd(t, c + (row) * ldc + (column), ldc * 4);                                                \
    } else {                                                                                                \
        memset(spill, 0, 1024);                                                                             \
        long rs = m - (row) < 16 ? m - (row) : 16, cs = n - (column) < 16 ? n - (column) : 16;              \
        for (long i = 0; i < rs && (column) < n; i++) memcpy(spill + i * 16, c + ((row) + i) * ldc + (column), cs * 4); \
        _tile_loadd(t, spill, 64);                                                                          \
    }

// The partial products a product sums, in an order that reloads one operand at a time.
typedef struct {
    int count, a[6], b[6];
} bx_amx_steps;

static bx_amx_steps bx_amx_plan(long aParts, long bParts, long order) {
    static const int sequence[6][2] = {{0, 0}, {1, 0}, {2, 0}, {1, 1}, {0, 1}, {0, 2}};
    bx_amx_steps steps = {0};
    for (int s = 0; s < 6; s++) {
        if (sequence[s][0] < aParts && sequence[s][1] < bParts && sequence[s][0] + sequence[s][1] <= order) {
            steps.a[steps.count] = sequence[s][0];
            steps.b[steps.count] = sequence[s][1];
            steps.count++;
        }
    }
    return steps;
}

// Tiles: 0-3 accumulate a 32 × 32 block of C (two row blocks × two column halves of a panel), 4-5 hold A
// (one per row block), 6-7 hold B (one per column half).
BX_AMX_TARGET static void bx_amx_configure(void) {
    bx_tile_config config;
    memset(&config, 0, sizeof config);
    config.palette = 1;
    for (int t = 0; t < 8; t++) { config.rows[t] = 16; config.bytesPerRow[t] = 64; }
    _tile_loadconfig(&config);
}

// C rows of row blocks `block` (and `block + 1` when `two`) × one panel's 32 columns at `column`, over the blocks
// of 32 depths kBegin..<kEnd, from the split input and the panel's tiles `weights` for those blocks (per block,
// per part, two B tiles). From depth 0 the accumulators start from `bias[32]` (the panel's columns; NULL: zero),
// every row of a tile loaded with stride 0; from a later block, from what the earlier blocks stored in C.
BX_AMX_TARGET static inline void bx_amx_block(long m, long n, long kBlocks, const uint16_t *A, long aParts,
                                              const uint16_t *weights, long bParts, const bx_amx_steps *steps,
                                              long block, int two, long column, float *c, long ldc, float *spill,
                                              const float *bias, long kBegin, long kEnd) {
    long row = block * 16;
    if (kBegin > 0) {
        BX_LOAD_TILE(0, row, column)
        BX_LOAD_TILE(1, row, column + 16)
        BX_LOAD_TILE(2, row + 16, column)
        BX_LOAD_TILE(3, row + 16, column + 16)
    } else if (bias) {
        _tile_loadd(0, bias, 0);
        _tile_loadd(1, bias + 16, 0);
        _tile_loadd(2, bias, 0);
        _tile_loadd(3, bias + 16, 0);
    } else {
        _tile_zero(0);
        _tile_zero(1);
        _tile_zero(2);
        _tile_zero(3);
    }
    for (long j = kBegin; j < kEnd; j++) {
        const uint16_t *a0 = A + (block * kBlocks + j) * aParts * 512, *a1 = a0 + kBlocks * aParts * 512;
        const uint16_t *b = weights + (j - kBegin) * bParts * 1024;
        int loadedA = -1, loadedB = -1;
        for (int s = 0; s < steps->count; s++) {
            if (steps->a[s] != loadedA) {
                loadedA = steps->a[s];
                _tile_loadd(4, a0 + loadedA * 512, 64);
                if (two) _tile_loadd(5, a1 + loadedA * 512, 64);
            }
            if (steps->b[s] != loadedB) {
                loadedB = steps->b[s];
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
    BX_STORE_TILE(0, row, column)
    BX_STORE_TILE(1, row, column + 16)
    if (two) {
        BX_STORE_TILE(2, row + 16, column)
        BX_STORE_TILE(3, row + 16, column + 16)
    }
}

BX_AMX_TARGET void bx_amx_gemm(long m, long n, long k, const void *split, long aParts, const void *packed,
                               long bParts, long order, long rowBlockBegin, long rowBlockEnd, long panelBegin,
                               long panelEnd, float *c, long ldc) {
    bx_amx_steps steps = bx_amx_plan(aParts, bParts, order);
    bx_amx_configure();
    float spill[256];
    long kBlocks = bx_amx_k_blocks(k);
    const uint16_t *A = (const uint16_t *)split, *B = (const uint16_t *)packed;
    for (long panel = panelBegin; panel < panelEnd; panel++) {
        long column = panel * 32;
        if (column >= n) break;
        const uint16_t *weights = B + panel * kBlocks * bParts * 1024;
        for (long block = rowBlockBegin; block < rowBlockEnd; block += 2)
            bx_amx_block(m, n, kBlocks, A, aParts, weights, bParts, &steps, block, block + 1 < rowBlockEnd, column,
                         c, ldc, spill, NULL, 0, kBlocks);
    }
    _tile_release();
}

// Parts that sum exactly to an element: a bfloat16 is one, a float16 two, a float32 three.
static long bx_amx_element_parts(bx_element element) {
    return element == BX_ELEMENT_F32 ? 3 : (element == BX_ELEMENT_F16 ? 2 : 1);
}

// Depth row `depth` of a `k × 32` panel as float32 (zero past k; signalling NaNs made quiet, so truncating
// keeps them NaN).
BX_AMX_TARGET static inline void bx_panel_row(bx_element element, const void *panel, long depth, long k,
                                              __m512 *x0, __m512 *x1) {
    if (depth >= k) {
        *x0 = _mm512_setzero_ps();
        *x1 = _mm512_setzero_ps();
    } else if (element == BX_ELEMENT_F32) {
        const float *row = (const float *)panel + depth * 32;
        *x0 = _mm512_mul_ps(_mm512_loadu_ps(row), _mm512_set1_ps(1.0f));
        *x1 = _mm512_mul_ps(_mm512_loadu_ps(row + 16), _mm512_set1_ps(1.0f));
    } else {
        __m512i bits = _mm512_loadu_si512((const void *)((const uint16_t *)panel + depth * 32));
        *x0 = _mm512_cvtph_ps(_mm512_castsi512_si256(bits));
        *x1 = _mm512_cvtph_ps(_mm512_extracti64x4_epi64(bits, 1));
    }
}

// One part of 16 columns of a pair of depth rows: each value truncated to bfloat16 (the odd row's in the high
// half of each 32-bit pair, as the tile product reads them), stored at `out`; the remainders (exact in float32)
// stay in even and odd unless this is the `last` part. Non-finite values keep no remainder (inf - inf would be NaN).
BX_AMX_TARGET static inline void bx_split_pair(__m512 *even, __m512 *odd, __mmask16 finiteEven, __mmask16 finiteOdd,
                                               int last, uint16_t *out) {
    const __m512i high = _mm512_set1_epi32((int)0xFFFF0000u);
    __m512i e = _mm512_and_si512(_mm512_castps_si512(*even), high), o = _mm512_and_si512(_mm512_castps_si512(*odd), high);
    _mm512_storeu_si512((void *)out, _mm512_or_si512(o, _mm512_srli_epi32(e, 16)));
    if (last) return;
    *even = _mm512_maskz_sub_ps(finiteEven, *even, _mm512_castsi512_ps(e));
    *odd = _mm512_maskz_sub_ps(finiteOdd, *odd, _mm512_castsi512_ps(o));
}

// Splits a `k × 32` panel of `element` into the AMX weight layout of one panel: per block of 32 depths, per part,
// two B tiles. Parts are truncations (a float16 is exactly two, a float32 three, a bfloat16 one), so they sum
// back to the weight exactly. Returns nonzero when the panel holds an infinity or NaN: tile products would turn
// inf × (an input part that is 0) into NaN where a float32 product gives ±inf.
BX_AMX_TARGET static int bx_amx_split_panel(bx_element element, const void *panel, long k, long parts,
                                            uint16_t *out) {
    long kBlocks = bx_amx_k_blocks(k);
    if (element == BX_ELEMENT_BF16) {
        const __m512i exponent = _mm512_set1_epi16(0x7F80);
        __mmask32 special = 0;
        // One part: the pairs are the rows' bits interleaved.
        const __m512i firstHalf = _mm512_set_epi16(47, 15, 46, 14, 45, 13, 44, 12, 43, 11, 42, 10, 41, 9, 40, 8,
                                                   39, 7, 38, 6, 37, 5, 36, 4, 35, 3, 34, 2, 33, 1, 32, 0);
        const __m512i secondHalf = _mm512_add_epi16(firstHalf, _mm512_set1_epi16(16));
        const uint16_t *rows = (const uint16_t *)panel;
        for (long j = 0; j < kBlocks; j++) {
            for (long r = 0; r < 16; r++) {
                long depth = 32 * j + 2 * r;
                __m512i even = depth < k ? _mm512_loadu_si512((const void *)(rows + depth * 32)) : _mm512_setzero_si512();
                __m512i odd = depth + 1 < k ? _mm512_loadu_si512((const void *)(rows + depth * 32 + 32)) : _mm512_setzero_si512();
                special |= _mm512_cmpeq_epi16_mask(_mm512_and_si512(even, exponent), exponent) |
                           _mm512_cmpeq_epi16_mask(_mm512_and_si512(odd, exponent), exponent);
                uint16_t *tile = out + j * 1024 + r * 32;
                _mm512_storeu_si512((void *)tile, _mm512_permutex2var_epi16(even, firstHalf, odd));
                _mm512_storeu_si512((void *)(tile + 512), _mm512_permutex2var_epi16(even, secondHalf, odd));
            }
        }
        return special != 0;
    }
    __mmask16 finite = 0xFFFF;
    for (long j = 0; j < kBlocks; j++) {
        for (long r = 0; r < 16; r++) {
            __m512 even0, even1, odd0, odd1;
            bx_panel_row(element, panel, 32 * j + 2 * r, k, &even0, &even1);
            bx_panel_row(element, panel, 32 * j + 2 * r + 1, k, &odd0, &odd1);
            __mmask16 e0 = (__mmask16)~_mm512_fpclass_ps_mask(even0, 0x99), e1 = (__mmask16)~_mm512_fpclass_ps_mask(even1, 0x99);
            __mmask16 o0 = (__mmask16)~_mm512_fpclass_ps_mask(odd0, 0x99), o1 = (__mmask16)~_mm512_fpclass_ps_mask(odd1, 0x99);
            finite &= e0 & e1 & o0 & o1;
            uint16_t *tile = out + j * parts * 1024 + r * 32;
            for (long part = 0; part < parts; part++) {
                int last = part + 1 == parts;
                bx_split_pair(&even0, &odd0, e0, o0, last, tile + part * 1024);
                bx_split_pair(&even1, &odd1, e1, o1, last, tile + part * 1024 + 512);
            }
        }
    }
    return finite != 0xFFFF;
}

// The bias of a panel's 32 columns: in place, or copied into `padded` with zeros past n (a tile row reads 16 floats).
static inline const float *bx_panel_bias(const float *bias, long panel, long n, float *padded) {
    if (!bias || panel * 32 + 32 <= n) return bias ? bias + panel * 32 : NULL;
    for (long i = 0; i < 32; i++) padded[i] = panel * 32 + i < n ? bias[panel * 32 + i] : 0;
    return padded;
}

// Per-thread memory for split panels, kept for the thread's life (freed at its exit): a pass makes a few dozen
// products, and fresh memory each time would cost page faults.
typedef struct {
    void *memory;
    size_t bytes;
} bx_scratch;
static pthread_key_t bx_scratch_key;
static pthread_once_t bx_scratch_once = PTHREAD_ONCE_INIT;
static void bx_scratch_free(void *pointer) {
    bx_scratch *scratch = (bx_scratch *)pointer;
    free(scratch->memory);
    free(scratch);
}
static void bx_scratch_init(void) { pthread_key_create(&bx_scratch_key, bx_scratch_free); }
static void *bx_thread_scratch(size_t bytes) {
    pthread_once(&bx_scratch_once, bx_scratch_init);
    bx_scratch *scratch = (bx_scratch *)pthread_getspecific(bx_scratch_key);
    if (!scratch) {
        if (!(scratch = (bx_scratch *)calloc(1, sizeof *scratch))) return NULL;
        pthread_setspecific(bx_scratch_key, scratch);
    }
    if (scratch->bytes < bytes) {
        free(scratch->memory);
        scratch->memory = aligned_alloc(64, (bytes + 63) / 64 * 64);
        scratch->bytes = scratch->memory ? bytes : 0;
    }
    return scratch->memory;
}

// Split panels a group may hold: about half of a core's L2, so they stay there while the rows pass over them.
#define BX_AMX_GROUP_BYTES (1l << 20)
// Blocks of 32 depths a chunk takes at most. Against unchunked products (one core, 10 alternating runs): float32
// 512 × 768 × 3072 0.66x, 128 × 768 × 3072 0.72x; float16 512 × 384 × 1536 0.85x, 128 × 384 × 1536 0.90x;
// 8, 12 and 24 measured no better; the same floats, since C accumulates in float32 either way.
#define BX_AMX_CHUNK_BLOCKS 16

BX_AMX_TARGET int bx_amx_gemm_panels(bx_element element, long m, long n, long k, const void *split, long order,
                                     const void *panels, long rowBlockBegin, long rowBlockEnd, long panelBegin,
                                     long panelEnd, const float *bias, float *c, long ldc) {
    long parts = bx_amx_element_parts(element), kBlocks = bx_amx_k_blocks(k), aParts = order + 1;
    if (panelEnd > (n + 31) / 32) panelEnd = (n + 31) / 32;
    if (panelBegin >= panelEnd || rowBlockBegin >= rowBlockEnd) return 0;
    // Depths go in chunks of at most BX_AMX_CHUNK_BLOCKS blocks of 32, so a group holds several panels and a row
    // pair's split input for a chunk is read from L2 across them (unchunked, bert-base's k = 3072 in float32 left
    // one panel a group and read the input from L3 once per panel); C carries the sum from one chunk to the next.
    long chunks = (kBlocks + BX_AMX_CHUNK_BLOCKS - 1) / BX_AMX_CHUNK_BLOCKS, chunk = (kBlocks + chunks - 1) / chunks;
    long panelHalves = chunk * parts * 1024;  // bfloat16 values of one panel's split chunk
    long group = BX_AMX_GROUP_BYTES / (panelHalves * 2);
    if (group < 1) group = 1;
    if (group > panelEnd - panelBegin) group = panelEnd - panelBegin;
    uint16_t *tiles = (uint16_t *)bx_thread_scratch((size_t)(group * panelHalves * 2));
    if (!tiles) return -1;
    bx_amx_steps steps = bx_amx_plan(aParts, parts, order);
    const uint16_t *A = (const uint16_t *)split;
    float spill[256], padded[32];
    long elementBytes = element == BX_ELEMENT_F32 ? 4 : 2, sourceBytes = k * 32 * elementBytes;
    // Panels go in groups whose split tiles stay in L2; each row block pair then runs over the whole group, so
    // the split input is read once per group rather than once per panel.
    for (long first = panelBegin; first < panelEnd; first += group) {
        long last = first + group < panelEnd ? first + group : panelEnd;
        for (long kBegin = 0; kBegin < kBlocks; kBegin += chunk) {
            long kEnd = kBegin + chunk < kBlocks ? kBegin + chunk : kBlocks;
            long depth = kBegin * 32, depths = k - depth < (kEnd - kBegin) * 32 ? k - depth : (kEnd - kBegin) * 32;
            for (long panel = first; panel < last; panel++)
                if (bx_amx_split_panel(element, (const char *)panels + panel * sourceBytes + depth * 32 * elementBytes,
                                       depths, parts, tiles + (panel - first) * panelHalves))
                    return -2;
            bx_amx_configure();
            for (long block = rowBlockBegin; block < rowBlockEnd; block += 2)
                for (long panel = first; panel < last; panel++)
                    bx_amx_block(m, n, kBlocks, A, aParts, tiles + (panel - first) * panelHalves, parts, &steps,
                                 block, block + 1 < rowBlockEnd, panel * 32, c, ldc, spill,
                                 bx_panel_bias(bias, panel, n, padded), kBegin, kEnd);
            _tile_release();
        }
    }
    return 0;
}

#else
#include <stdlib.h>
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
int bx_amx_gemm_panels(bx_element element, long m, long n, long k, const void *split, long order,
                       const void *panels, long rowBlockBegin, long rowBlockEnd, long panelBegin, long panelEnd,
                       const float *bias, float *c, long ldc) {
    abort();  // unreachable: bx_has_amx() is 0 here
}
#endif
