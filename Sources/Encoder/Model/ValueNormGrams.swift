import Foundation

/// Per layer and head, the Gram matrix G_h = W_O^h (W_O^h)ᵀ (`headSize × headSize`) of head h's rows of the
/// attention output projection, so that ‖v W_O^h‖² = vᵀ G_h v. Value norms then cost `headSize²` per token and
/// head instead of unpacking the output projection and multiplying by it (`headSize · hidden`) on every pass.
/// Built for a layer the first time a pass asks for value norms, then kept (the weights never change), already in the
/// backend's operand layout (`KernelBackend.writeOperand`) so a pass multiplies by them without repacking.
final class ValueNormGrams: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`; each entry is written once, then only read.
    private var grams: [UnsafeMutablePointer<Float>?]

    init(layers: Int) { grams = Array(repeating: nil, count: layers) }

    deinit { grams.forEach { $0?.deallocate() } }

    /// Layer `layer`'s matrices, one operand of `headSize × headSize` per head, `backend.operandFloats` apart.
    func grams(layer: Int, heads: Int, headSize size: Int, attentionOutput: WeightMatrix,
               arena: WeightArena, backend: KernelBackend) -> UnsafePointer<Float> {
        lock.lock()
        defer { lock.unlock() }
        if let built = grams[layer] { return UnsafePointer(built) }
        let d = heads * size, stride = backend.operandFloats(k: size, n: size)
        let built = UnsafeMutablePointer<Float>.allocate(capacity: heads * stride)
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: size * d), gram = UnsafeMutablePointer<Float>.allocate(capacity: size * size)
        defer { rows.deallocate(); gram.deallocate() }
        for head in 0..<heads {
            attentionOutput.unpackRows(head * size..<(head + 1) * size, in: arena, into: rows)
            backend.multiply(m: size, n: size, k: d, a: rows, lda: d, b: rows, ldb: d, transposeB: true, c: gram, ldc: size)
            backend.writeOperand(gram, ldb: size, transposeB: false, k: size, n: size, into: built + head * stride)
        }
        grams[layer] = built
        return UnsafePointer(built)
    }
}
