#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// Row-major single-precision matrix products through BLAS (OpenBLAS on Linux, Accelerate on macOS).
enum Gemm {
    /// `C[m×n] = alpha · A[m×k] · op(B) + beta · C`, where `op(B)` is `B[k×n]`, or `Bᵀ` for a stored `B[n×k]`
    /// when `transposeB` is set. Leading dimensions are row strides.
    @inline(__always)
    static func multiply(m: Int, n: Int, k: Int, alpha: Float = 1,
                         a: UnsafePointer<Float>, lda: Int,
                         b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Sets BLAS's worker-thread count (OpenBLAS only; Accelerate chooses for itself).
    static func setThreads(_ count: Int) {
        #if !canImport(Accelerate)
        openblas_set_num_threads(Int32(count))
        #endif
    }
}
