import Encoder

/// Row-major single-precision products for fitting (single-threaded BLAS: results do not depend on scheduling).
enum Blas {
    /// `C = alpha · op(A) · op(B) + beta · C`, op(A) m×k, op(B) k×n.
    static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                     a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            for row in 0..<m { for column in 0..<n { c[row * ldc + column] *= beta } }
            return
        }
        Gemm.multiply(m: m, n: n, k: k, alpha: alpha, transposeA: transA, a: a, lda: lda, b: b, ldb: ldb, transposeB: transB,
                      beta: beta, c: c, ldc: ldc)
    }
}
