#ifndef CLAZYBLAS_H
#define CLAZYBLAS_H

// OpenBLAS's single-precision product, with OpenBLAS loaded (dlopen) on the first call instead of linked into the
// program: OpenBLAS starts a worker thread when it is loaded, which spins on a core for about a tenth of a second,
// so a program whose products all run on the encoder's own kernels never loads it. Linux only (macOS uses
// Accelerate directly).

/// Row-major `C[m×n] = alpha · op(A) · op(B) + beta · C`, `op` transposing when `transA`/`transB` is non-zero (the
/// arguments of `cblas_sgemm` with `CblasRowMajor`). The first call loads OpenBLAS (`libopenblas.so.0`), sets it to
/// one thread and, when a `DYNAMIC_ARCH` build did not recognise the CPU and fell back to its SSE3 "Prescott"
/// kernels, re-runs its core selection with the newest core the CPU supports (unless `OPENBLAS_CORETYPE` is set);
/// when OpenBLAS cannot be loaded it prints one line to standard error and exits with status 1.
void lazy_blas_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                     const float *b, int ldb, float beta, float *c, int ldc);

/// The OpenBLAS core in use (loading OpenBLAS if it was not loaded yet), e.g. "SkylakeX".
const char *lazy_blas_core(void);

/// 1 once OpenBLAS has been loaded in this process, else 0 (never loads it).
int lazy_blas_is_loaded(void);

#endif
