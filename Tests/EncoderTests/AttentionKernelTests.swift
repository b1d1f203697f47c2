import CEncoderKernels
import XCTest

/// The fused attention kernel (`bx_attention_rows`) against a float64 softmax(q·kᵀ·scale)·V computed here, at
/// lengths whose rows span several 32-key panels and end mid-vector, strip by strip as `SelfAttention` calls it.
final class AttentionKernelTests: XCTestCase {
    /// Deterministic values in [-2, 2) (a 64-bit LCG), so a failure reproduces.
    private struct Values {
        var state: UInt64
        mutating func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 4 - 2
        }
    }

    /// Runs one head of `tokens` rows (query, key and value interleaved in rows of `3 · size`, as the fused
    /// projection writes them) in strips of `strip` query rows.
    private func run(tokens t: Int, size: Int, strip: Int, qkv: [Float]) -> (probabilities: [Float], context: [Float]) {
        var keys = [Float](repeating: .nan, count: (t + 31) / 32 * 32 * size)
        var probabilities = [Float](repeating: .nan, count: t * t), context = [Float](repeating: .nan, count: t * size)
        qkv.withUnsafeBufferPointer { qkv in
            let q = qkv.baseAddress!, ld = 3 * size
            // Kᵀ in panels of 32 keys, `size` rows of 32 each, zero past t (what SelfAttention packs).
            for key in 0..<keys.count / size / 32 * 32 {
                for c in 0..<size { keys[(key / 32) * size * 32 + c * 32 + key % 32] = key < t ? q[size + key * ld + c] : 0 }
            }
            for first in stride(from: 0, to: t, by: strip) {
                let rows = min(strip, t - first)
                probabilities.withUnsafeMutableBufferPointer { p in
                    context.withUnsafeMutableBufferPointer { c in
                        bx_attention_rows(rows, t, size, q + first * ld, ld, keys, q + 2 * size, ld,
                                          1 / Float(size).squareRoot(), p.baseAddress! + first * t, t,
                                          c.baseAddress! + first * size, size)
                    }
                }
            }
        }
        return (probabilities, context)
    }

    /// softmax(q·kᵀ/√size) and its product with V in float64.
    private func reference(tokens t: Int, size: Int, qkv: [Float]) -> (probabilities: [Double], context: [Double]) {
        let ld = 3 * size, scale = 1 / Double(size).squareRoot()
        var probabilities = [Double](repeating: 0, count: t * t), context = [Double](repeating: 0, count: t * size)
        for i in 0..<t {
            var scores = (0..<t).map { j in
                (0..<size).reduce(0.0) { $0 + Double(qkv[i * ld + $1]) * Double(qkv[j * ld + size + $1]) } * scale
            }
            let top = scores.max()!
            scores = scores.map { Foundation.exp($0 - top) }
            let sum = scores.reduce(0, +)
            for j in 0..<t { probabilities[i * t + j] = scores[j] / sum }
            for c in 0..<size {
                context[i * size + c] = (0..<t).reduce(0.0) { $0 + probabilities[i * t + $1] * Double(qkv[$1 * ld + 2 * size + c]) }
            }
        }
        return (probabilities, context)
    }

    func testFusedKernelMatchesFloat64ReferenceAtLongRows() throws {
        guard bx_has_avx512() != 0 else { return }  // the kernel runs only where AVX-512 does
        for (t, size, strip) in [(77, 32, 48), (300, 32, 48), (300, 64, 300), (45, 40, 16)] {
            var values = Values(state: UInt64(t * 1_000 + size))
            let qkv = (0..<(t * 3 * size)).map { _ in values.next() }
            let fused = run(tokens: t, size: size, strip: strip, qkv: qkv)
            let expected = reference(tokens: t, size: size, qkv: qkv)
            let worstProbability = zip(fused.probabilities, expected.probabilities).map { abs(Double($0) - $1) }.max()!
            let worstContext = zip(fused.context, expected.context).map { abs(Double($0) - $1) }.max()!
            XCTAssertLessThanOrEqual(worstProbability, 1e-6, "t=\(t) size=\(size) probabilities")
            XCTAssertLessThanOrEqual(worstContext, 1e-5, "t=\(t) size=\(size) context")
        }
    }

    /// As in PyTorch: a NaN query gives its row NaN probabilities and context; the other rows are untouched.
    func testNaNQueryGivesANaNRowOnly() throws {
        guard bx_has_avx512() != 0 else { return }
        let t = 70, size = 32
        var values = Values(state: 7)
        var qkv = (0..<(t * 3 * size)).map { _ in values.next() }
        qkv[50 * 3 * size + 3] = .nan
        qkv[60 * 3 * size + 5] = .infinity
        let fused = run(tokens: t, size: size, strip: 48, qkv: qkv)
        let expected = reference(tokens: t, size: size, qkv: qkv)
        for row in [50, 60] {
            XCTAssertTrue(fused.probabilities[(row * t)..<((row + 1) * t)].allSatisfy(\.isNaN), "row \(row)")
            XCTAssertTrue(fused.context[(row * size)..<((row + 1) * size)].allSatisfy(\.isNaN), "row \(row)")
        }
        for row in [0, 49, 51, 69] {
            for j in 0..<t {
                XCTAssertEqual(Double(fused.probabilities[row * t + j]), expected.probabilities[row * t + j], accuracy: 1e-6)
            }
        }
    }
}
