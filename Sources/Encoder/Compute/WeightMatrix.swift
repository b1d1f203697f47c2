/// A linear layer's weight in the arena, laid out for `X[m×k] · W[k×n]` the way the model's `KernelBackend`
/// chose (`KernelBackend.matrix(k:n:dtypes:)`).
struct WeightMatrix: Sendable, Equatable {
    enum Layout: Sendable, Equatable {
        /// Plain row-major float32 `[k, n]` (PyTorch's `[n, k]` transposed), for `cblas_sgemm`.
        case rowMajor
        /// Panels of 32 columns, each `k × 32` row-major and zero-padded past `n`, for `bx_gemm_packed`.
        case panels(PanelElement)
    }

    var offset = 0
    var k = 0
    var n = 0
    var layout = Layout.rowMajor

    var panels: Int { (n + 31) / 32 }

    /// Floats the matrix occupies in the arena.
    var storage: Int {
        switch layout {
        case .rowMajor: return k * n
        case .panels(let element): return (panels * 32 * k * element.size + 3) / 4
        }
    }
}
