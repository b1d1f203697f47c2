import CEncoderKernels

/// A linear layer's weight in the arena, laid out for `X[m×k] · W[k×n]` the way the model's `KernelBackend`
/// chose (`KernelBackend.matrix(k:n:dtypes:)`).
struct WeightMatrix: Sendable, Equatable {
    enum Layout: Sendable, Equatable {
        /// Plain row-major float32 `[k, n]` (PyTorch's `[n, k]` transposed), for `cblas_sgemm`.
        case rowMajor
        /// Panels of 32 columns, each `k × 32` row-major and zero-padded past `n`, for `bx_gemm_packed`; with
        /// `tileProducts`, inputs of `element.tileMinimumRows` rows or more run as AMX tile products instead
        /// (`bx_amx_gemm_panels` splits each panel into bfloat16 parts as it goes).
        case panels(PanelElement, tileProducts: Bool = false)
        /// bfloat16 B tiles for the AMX tile product (`bx_amx_gemm`), each element stored as `parts` bfloat16 parts
        /// that sum to it; a product sums the partial products of parts i (input) and j (weight) with
        /// i + j <= `order`.
        case tiles(parts: Int, order: Int)
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
        case .panels(let element, _): return (panels * 32 * k * element.size + 3) / 4
        case .tiles(let parts, _): return bx_amx_weight_floats(n, k, parts)
        }
    }
}

extension WeightMatrix {
    /// Rows `rows` of `W[k, n]` as row-major float32 `[rows.count, n]` into `out`, whatever the layout (the
    /// inverse of `KernelBackend.pack`, kept next to the layout).
    func unpackRows(_ rows: Range<Int>, in arena: WeightArena, into out: UnsafeMutablePointer<Float>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= k, "rows outside the matrix")
        let base = UnsafeRawPointer(arena[offset])
        if case .tiles(let parts, _) = layout {
            bx_amx_unpack_rows(base, n, k, parts, rows.lowerBound, rows.count, out)
            return
        }
        guard case .panels(let element, _) = layout else {
            out.update(from: base.assumingMemoryBound(to: Float.self) + rows.lowerBound * n, count: rows.count * n)
            return
        }
        let floats = base.assumingMemoryBound(to: Float.self), shorts = base.assumingMemoryBound(to: UInt16.self)
        for panel in 0..<panels {
            let width = min(32, n - panel * 32)
            for (index, row) in rows.enumerated() {
                let source = panel * k * 32 + row * 32, target = out + index * n + panel * 32
                switch element {
                case .float32: target.update(from: floats + source, count: width)
                case .float16: for lane in 0..<width { target[lane] = HalfConversion.scalar(shorts[source + lane]) }
                case .bfloat16: for lane in 0..<width { target[lane] = Float(bitPattern: UInt32(shorts[source + lane]) << 16) }
                }
            }
        }
    }
}
