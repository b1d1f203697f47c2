import CEncoderKernels
import Encoder
import Foundation

/// The two per-row sums of `HeadStatistics` that touch every value of an attention row: the entropy −Σ a·ln a
/// and the distance Σ a·|q − k|. With AVX-512 they run 16 lanes at a time with a polynomial log
/// (`bx_attention_row_sums`): a scalar `logf` call per value was a third of the explorer's background work at 512
/// tokens.
enum AttentionRowSums {
    /// The same check the encoder's kernels make.
    private static let vectorised = KernelBackend.avx512.isAvailable

    /// Values at or below zero add nothing to the entropy; a NaN makes it NaN.
    static func entropyAndDistance(_ row: UnsafePointer<Float>, count n: Int, query: Int) -> (entropy: Float, distance: Float) {
        var entropy: Float = 0, distance: Float = 0
        if vectorised {
            bx_attention_row_sums(row, n, query, &entropy, &distance)
            return (entropy, distance)
        }
        for k in 0..<n {
            let a = row[k]
            if !(a <= 0) { entropy -= a * Foundation.log(a) }
            distance += a * Float(abs(query - k))
        }
        return (entropy, distance)
    }
}
