import Encoder
import Foundation

/// The few numeric steps the heads share: a BLAS product, LayerNorm, softmax and sigmoid, on float32 rows.
enum HeadMath {
    /// `C[m×n] = A[m×k] · Bᵀ` for a stored `B[n×k]` (PyTorch `Linear` layout), through BLAS.
    static func multiplyTransposed(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                   c: UnsafeMutablePointer<Float>) {
        Gemm.multiply(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, transposeB: true, beta: 0, c: c, ldc: n)
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
