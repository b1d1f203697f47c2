#ifndef CENCODERKERNELS_H
#define CENCODERKERNELS_H

#include <stddef.h>

// The encoder's hand-written kernels: matrix products on weights packed at load, fused attention (scores, softmax,
// times V), erf GELU, CPU feature detection, and the atomics of the worker pool. Every kernel is compiled with a
// per-function target attribute, so the rest of the build stays baseline; call one only after its `bx_has_*` check
// said yes. On other architectures the checks return 0 and the kernels are never called.

/// Element type of a packed weight panel. 16-bit elements are widened to float32 exactly, in registers.
typedef enum bx_element {
    BX_ELEMENT_F32 = 0,
    BX_ELEMENT_F16 = 1,
    BX_ELEMENT_BF16 = 2,
} bx_element;

/// 1 when the CPU runs AVX-512F (x86-64 only).
int bx_has_avx512(void);

/// C[m × columns of panels panelBegin..<panelEnd] = A[m×k] · packed, where `packed` holds n columns as panels of
/// 32 (`k × 32` row-major each, zero-padded past n) of `element`. Needs AVX-512.
void bx_gemm_packed(bx_element element, long m, long n, long k, const float *a, long lda, const void *packed,
                    long panelBegin, long panelEnd, float *c, long ldc);

/// `bx_gemm_packed` plus `bias[column]` added to every row of the columns it computes, as each tile is stored (the
/// same floats as adding the bias afterwards, without a second pass over C).
void bx_gemm_packed_bias(bx_element element, long m, long n, long k, const float *a, long lda, const void *packed,
                         long panelBegin, long panelEnd, const float *bias, float *c, long ldc);

/// 1 when the CPU runs AMX-BF16 tile products (with AVX-512 and AVX512-BF16) and the OS lets this process use
/// them (on Linux this asks for the tile state once, with arch_prctl). x86-64 only.
int bx_has_amx(void);

/// Floats a `[k, n]` weight takes in the AMX layout with `parts` bfloat16 parts per element.
long bx_amx_weight_floats(long n, long k, long parts);

/// Writes a PyTorch `Linear` weight `w[rows][k]` (float32) as the columns `firstColumn..<firstColumn + rows` of
/// `W[k, n]` into the AMX layout at `target` (zeroed first), each element split into `parts` (at most 3) bfloat16
/// parts. Needs AMX.
void bx_amx_pack(const float *w, long rows, long k, long firstColumn, long parts, void *target);

/// Rows `firstRow..<firstRow + rows` of a packed `W[k, n]` (the sum of each element's parts) as row-major floats.
void bx_amx_unpack_rows(const void *packed, long n, long k, long parts, long firstRow, long rows, float *out);

/// Bytes `bx_amx_split` writes for an `m × k` input split into `parts` parts.
long bx_amx_split_bytes(long m, long k, long parts);

/// Splits the 16-row blocks `rowBlockBegin..<rowBlockEnd` of `A[m×k]` into `parts` bfloat16 parts in the layout
/// `bx_amx_gemm` reads. Needs AMX (`bx_has_amx`).
void bx_amx_split(long m, long k, const float *a, long lda, long parts, long rowBlockBegin, long rowBlockEnd,
                  void *split);

/// C[rows of row blocks rowBlockBegin..<rowBlockEnd, columns of panels panelBegin..<panelEnd] = A · W, from `split`
/// (A in `aParts` parts) and `packed` (W in `bParts` parts), summing the partial products of parts i, j with
/// i + j <= order. Needs AMX.
void bx_amx_gemm(long m, long n, long k, const void *split, long aParts, const void *packed, long bParts,
                 long order, long rowBlockBegin, long rowBlockEnd, long panelBegin, long panelEnd, float *c,
                 long ldc);

/// `bx_amx_gemm` on weights stored as `bx_gemm_packed` panels of `element`: each panel is split (by truncation)
/// into the bfloat16 parts that sum to it exactly (float32: three, float16: two, bfloat16: one) in memory kept
/// per thread, in groups that stay in L2, then multiplied with `split` (A in `order + 1` parts) as `bx_amx_gemm`
/// does, plus `bias[n]` on every row (NULL: none). Returns 0; -1 when that memory could not be allocated, -2 when
/// a weight is infinite or NaN (tile products would give NaN for inf × 0-valued input parts where a float32
/// product gives ±inf): the caller then multiplies these rows and panels on AVX-512 (some of C may have been
/// written). Needs AMX.
int bx_amx_gemm_panels(bx_element element, long m, long n, long k, const void *split, long order,
                       const void *panels, long rowBlockBegin, long rowBlockEnd, long panelBegin, long panelEnd,
                       const float *bias, float *c, long ldc);

/// Attention of one head for `rows` query rows (of `size` floats, row stride ldq) against `t` keys packed
/// transposed into panels of 32 keys (`size` rows of 32 each, zero past t: Kᵀ as the packed kernels' operand) and
/// `t` value rows read in place (row stride ldv): writes the softmax of
/// `scale · q·kᵀ` to `probabilities` (rows of t, stride ldp; with streaming stores; NULL: not written) and
/// `probabilities · V` to `context` (rows of size, stride ldc). A row with NaN or +inf scores, or only -inf, comes
/// out NaN, as in PyTorch. Needs AVX-512.
void bx_attention_rows(long rows, long t, long size, const float *queries, long ldq, const float *packedKeys,
                       const float *values, long ldv, float scale, float *probabilities, long ldp, float *context,
                       long ldc);

/// x · (1 + erf(x / √2)) / 2 on `count` floats, in place (NaN stays NaN). Needs AVX-512.
void bx_gelu_erf(float *data, long count);

/// For an attention row `row[0..<n]` of query position `query`: the entropy −Σ a·ln a over the values that are
/// not ≤ 0 (a NaN makes it NaN) and the distance Σ a·|query − k|, each summed in float32. Needs AVX-512.
void bx_attention_row_sums(const float *row, long n, long query, float *entropy, float *distance);

/// dst[c · dstStride + r] = src[r · srcStride + c] for r < rows, c < columns, elements of `size` bytes (2 or 4; any
/// alignment; strides in elements): a checkpoint weight transposed into the kernels' layout at load. Uses
/// AVX-512 when the CPU has it.
void bx_transpose(const void *src, long srcStride, void *dst, long dstStride, long rows, long columns, long size);

/// glibc: serve allocations of up to 64 MiB from the heap and keep up to 512 MiB of freed memory for reuse
/// (no-op elsewhere).
void bx_keep_freed_memory(void);

/// Memory for a captured output of `bytes` that malloc would serve with a fresh `mmap` (above its mmap threshold):
/// a 2 MiB-aligned anonymous mapping advised for transparent huge pages. NULL when malloc would serve it from the
/// heap, on systems without `MADV_HUGEPAGE`, or when mapping fails: the caller then uses malloc. Free it with
/// `bx_huge_free(pointer, bytes)`. After `bx_keep_freed_memory`, the largest freed mapping is kept and reused.
void *bx_huge_alloc(size_t bytes);
void bx_huge_free(void *pointer, size_t bytes);

/// A fresh (zeroed) 2 MiB-aligned anonymous mapping of `bytes` advised for transparent huge pages, whatever its
/// size and never a reused one (the weight arena, which relies on starting zeroed); NULL on systems without
/// `MADV_HUGEPAGE` or when mapping fails. Unmap it with `bx_huge_unmap(pointer, bytes)`.
void *bx_huge_map(size_t bytes);
void bx_huge_unmap(void *pointer, size_t bytes);

// Atomics and a spin-wait hint for the worker pool (Swift 6's Synchronization needs macOS 15). Inline: they sit
// in spin loops.
static inline long bx_atomic_load(long *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void bx_atomic_store(long *p, long v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline long bx_atomic_fetch_add(long *p, long v) { return __atomic_fetch_add(p, v, __ATOMIC_ACQ_REL); }
static inline int bx_atomic_compare_exchange(long *p, long expected, long desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}
static inline void bx_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
