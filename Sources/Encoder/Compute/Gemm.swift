#if canImport(Accelerate)
import Accelerate
#else
import CLazyBLAS
#endif

/// Row-major single-precision matrix products through BLAS (Accelerate on macOS; OpenBLAS on Linux, loaded on the
/// first product and run on one thread: see `CLazyBLAS`), for the `blas` backend and for the heads and fitting
/// above the encoder, so one place decides how BLAS is reached.
package enum Gemm {
    /// `C[m×n] = alpha · op(A) · op(B) + beta · C`, where `op(A)` is `A[m×k]`, or `Aᵀ` for a stored `A[k×m]` when
    /// `transposeA` is set, and `op(B)` is `B[k×n]`, or `Bᵀ` for a stored `B[n×k]` when `transposeB` is set.
    /// Leading dimensions are row strides.
    @inline(__always)
    package static func multiply(m: Int, n: Int, k: Int, alpha: Float = 1, transposeA: Bool = false,
                                 a: UnsafePointer<Float>, lda: Int,
                                 b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
                                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        #if canImport(Accelerate)
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        #else
        lazy_blas_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b,
                        Int32(ldb), beta, c, Int32(ldc))
        #endif
    }
}
