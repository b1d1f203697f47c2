/// Where one layer's opt-in captures go (nil: not asked for): per-head query/key/value vectors
/// `[head][token][headSize]` and value norms `[head][token]`.
struct LayerCapture {
    var queries: UnsafeMutablePointer<Float>?
    var keys: UnsafeMutablePointer<Float>?
    var values: UnsafeMutablePointer<Float>?
    var valueNorms: UnsafeMutablePointer<Float>?

    /// Copies what was asked for out of the `[token][q | k | v]` projection (bias added, unscaled), and computes
    /// ‖(x_j W_V^h + b_V^h) W_O^h‖ for every head and token with head h's rows of the output projection.
    func record(qkv: UnsafePointer<Float>, tokens t: Int, heads: Int, headSize size: Int,
                attentionOutput: WeightMatrix, arena: WeightArena) {
        let d = heads * size
        for (target, part) in [(queries, 0), (keys, 1), (values, 2)] {
            guard let target else { continue }
            for head in 0..<heads {
                for token in 0..<t {
                    (target + (head * t + token) * size)
                        .update(from: qkv + token * 3 * d + part * d + head * size, count: size)
                }
            }
        }
        guard let valueNorms else { return }
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: size * d + t * d)
        defer { rows.deallocate() }
        let projected = rows + size * d
        for head in 0..<heads {
            attentionOutput.unpackRows(head * size..<(head + 1) * size, in: arena, into: rows)
            Gemm.multiply(m: t, n: d, k: size, a: qkv + 2 * d + head * size, lda: 3 * d, b: rows, ldb: d,
                          transposeB: false, beta: 0, c: projected, ldc: d)
            for token in 0..<t {
                var sum: Float = 0
                for i in 0..<d { sum += projected[token * d + i] * projected[token * d + i] }
                valueNorms[head * t + token] = sum.squareRoot()
            }
        }
    }
}
