/// A linear layer's weight in the arena, laid out for `X[m×k] · W[k×n]`.
///
/// `packed`: panels of 32 columns, each `k × 32` row-major, for `Kernel`; elements are float32, or kept as the
/// checkpoint's IEEE half / bfloat16 (`kind` 1 / 2) and widened in registers. Otherwise plain row-major float32
/// `[k, n]` (PyTorch's `[n, k]` transposed) for `cblas_sgemm`.
struct WeightMatrix: Sendable {
    var offset = 0
    var k = 0
    var n = 0
    var packed = false
    /// Panel element type: 0 float32, 1 IEEE half, 2 bfloat16.
    var kind = 0

    var panels: Int { (n + 31) / 32 }
    /// Bytes per stored element.
    var elementSize: Int { kind == 0 ? 4 : 2 }
    /// Floats the matrix occupies in the arena (packed panels are padded to 32 columns).
    var storage: Int { packed ? (panels * 32 * k * elementSize + 3) / 4 : k * n }

    /// The layout a `[k, n]` weight stacked from tensors of `dtypes` gets: the one place that decides element
    /// kind and therefore `storage`, which the load plan sums to size the arena.
    static func layout(k: Int, n: Int, dtypes: [TensorDType], packed: Bool) -> WeightMatrix {
        var matrix = WeightMatrix(offset: 0, k: k, n: n, packed: packed)
        if packed, dtypes.allSatisfy({ $0 == .f16 }) { matrix.kind = 1 }
        if packed, dtypes.allSatisfy({ $0 == .bf16 }) { matrix.kind = 2 }
        return matrix
    }
}

extension WeightMatrix {
    /// Rows `rows` of `W[k, n]` as row-major float32 `[rows.count, n]` into `out`, whatever the layout (the
    /// inverse of the packing, kept next to it).
    func unpackRows(_ rows: Range<Int>, in arena: WeightArena, into out: UnsafeMutablePointer<Float>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= k, "rows outside the matrix")
        let base = UnsafeRawPointer(arena[offset])
        guard packed else {
            out.update(from: base.assumingMemoryBound(to: Float.self) + rows.lowerBound * n, count: rows.count * n)
            return
        }
        let floats = base.assumingMemoryBound(to: Float.self), shorts = base.assumingMemoryBound(to: UInt16.self)
        for panel in 0..<panels {
            let width = min(32, n - panel * 32)
            for (index, row) in rows.enumerated() {
                let source = panel * k * 32 + row * 32, target = out + index * n + panel * 32
                switch kind {
                case 0: target.update(from: floats + source, count: width)
                case 1: for lane in 0..<width { target[lane] = HalfConversion.scalar(shorts[source + lane]) }
                default: for lane in 0..<width { target[lane] = Float(bitPattern: UInt32(shorts[source + lane]) << 16) }
                }
            }
        }
    }
}
