/// Where one layer's opt-in captures go (nil: not asked for): per-head query/key/value vectors
/// `[head][token][headSize]` and value norms `[head][token]`.
struct LayerCapture {
    var queries: UnsafeMutablePointer<Float>?
    var keys: UnsafeMutablePointer<Float>?
    var values: UnsafeMutablePointer<Float>?
    var valueNorms: UnsafeMutablePointer<Float>?

    /// Copies what was asked for out of the `[token][q | k | v]` projection (bias added, unscaled), and computes
    /// ‖(x_j W_V^h + b_V^h) W_O^h‖ for every head and token as √(vᵀ G_h v) with `grams` (`ValueNormGrams`, in the
    /// backend's operand layout),
    /// called only when value norms are asked for.
    func record(qkv: UnsafePointer<Float>, tokens t: Int, heads: Int, headSize size: Int, backend: KernelBackend,
                grams: () -> UnsafePointer<Float>) {
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
        let gram = grams(), stride = backend.operandFloats(k: size, n: size)
        let projected = UnsafeMutablePointer<Float>.allocate(capacity: t * size)
        defer { projected.deallocate() }
        for head in 0..<heads {
            let v = qkv + 2 * d + head * size
            // (V_h G_h)[j] · V_h[j] = v_jᵀ G_h v_j for every token j at once.
            backend.multiply(m: t, n: size, k: size, a: v, lda: 3 * d, operand: gram + head * stride, c: projected, ldc: size)
            for token in 0..<t {
                var sum: Float = 0
                for i in 0..<size { sum += projected[token * size + i] * v[token * 3 * d + i] }
                // A sum of squares in exact arithmetic; rounding may leave it a hair below zero.
                valueNorms[head * t + token] = max(sum, 0).squareRoot()
            }
        }
    }
}
