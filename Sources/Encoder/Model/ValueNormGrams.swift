import Foundation

/// Per layer and head, the Gram matrix G_h = W_O^h (W_O^h)ᵀ (`headSize × headSize`) of head h's rows of the
/// attention output projection, so that ‖v W_O^h‖² = vᵀ G_h v. Value norms then cost `headSize²` per token and
/// head instead of unpacking the output projection and multiplying by it (`headSize · hidden`) on every pass.
/// Built for a layer the first time a pass asks for value norms, then kept (the weights never change).
final class ValueNormGrams: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`; each entry is written once, then only read.
    private var grams: [UnsafeMutablePointer<Float>?]

    init(layers: Int) { grams = Array(repeating: nil, count: layers) }

    deinit { grams.forEach { $0?.deallocate() } }

    /// Layer `layer`'s matrices, `[head][headSize][headSize]`.
    func grams(layer: Int, heads: Int, headSize size: Int, attentionOutput: WeightMatrix,
               arena: WeightArena, backend: KernelBackend) -> UnsafePointer<Float> {
        lock.lock()
        defer { lock.unlock() }
        if let built = grams[layer] { return UnsafePointer(built) }
        let d = heads * size
        let built = UnsafeMutablePointer<Float>.allocate(capacity: heads * size * size)
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: size * d)
        defer { rows.deallocate() }
        for head in 0..<heads {
            attentionOutput.unpackRows(head * size..<(head + 1) * size, in: arena, into: rows)
            backend.multiply(m: size, n: size, k: d, a: rows, lda: d, b: rows, ldb: d, transposeB: true,
                             c: built + head * size * size, ldc: size)
        }
        grams[layer] = built
        return UnsafePointer(built)
    }
}
