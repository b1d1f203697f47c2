/// A linear layer's weight in the arena, laid out for `X[m×k] · W[k×n]`.
///
/// `packed`: panels of 32 columns, each `k × 32` row-major (`Kernel.packedAvailable`); otherwise plain
/// row-major `[k, n]` (PyTorch's `[n, k]` transposed) for `cblas_sgemm`.
struct WeightMatrix: Sendable {
    var offset = 0
    var k = 0
    var n = 0
    var packed = false

    var panels: Int { (n + 31) / 32 }
    /// Floats the matrix occupies in the arena.
    static func storage(k: Int, n: Int, packed: Bool) -> Int { packed ? (n + 31) / 32 * 32 * k : k * n }
}
