import Encoder
import Foundation

/// The few numeric steps the heads share: a matrix product, LayerNorm, softmax and sigmoid, on float32 rows.
package enum HeadMath {
    /// Multiply-adds up to which a head's product is a plain loop: a classifier's (labels × hidden, or the
    /// pooler's hidden × hidden, for a sentence or two; a trained head's too) never loads OpenBLAS, whose loading
    /// took about 5 ms of a `classify` run and starts a thread that spins on a core.
    static let loopMACs = 1 << 22

    /// `C[m×n] = A[m×k] · Bᵀ` for a stored `B[n×k]` (PyTorch `Linear` layout): dot products of rows for small
    /// products, BLAS for large ones (a masked-LM head's vocabulary).
    package static func multiplyTransposed(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                   c: UnsafeMutablePointer<Float>) {
        guard m * n * k <= loopMACs else {
            return Gemm.multiply(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, transposeB: true, beta: 0, c: c, ldc: n)
        }
        for i in 0..<m {
            let row = a + i * k
            for j in 0..<n { c[i * n + j] = dot(row, b + j * k, count: k) }
        }
    }

    /// Σ x[i]·y[i], in eight float32 lanes.
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>.zero
        var i = 0
        while i + 8 <= count {
            lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var sum = lanes.sum()
        while i < count {
            sum += x[i] * y[i]
            i += 1
        }
        return sum
    }

    /// LayerNorm of each of `rows` rows of `n` values, in place (biased variance, as PyTorch).
    static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, n: Int, gamma: [Float], beta: [Float],
                          eps: Float) {
        for r in 0..<rows {
            let row = x + r * n
            var mean: Float = 0
            for i in 0..<n { mean += row[i] }
            mean /= Float(n)
            var variance: Float = 0
            for i in 0..<n { variance += (row[i] - mean) * (row[i] - mean) }
            variance /= Float(n)
            let scale = 1 / (variance + eps).squareRoot()
            for i in 0..<n { row[i] = (row[i] - mean) * scale * gamma[i] + beta[i] }
        }
    }

    /// Softmax of `values` (max subtracted first, so large logits do not overflow).
    static func softmax(_ values: [Float]) -> [Float] {
        guard let top = values.max() else { return [] }
        let exps = values.map { Foundation.exp($0 - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }

    static func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }
}
