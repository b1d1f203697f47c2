/// The element-wise and row-wise steps of the forward pass on raw row-major buffers, in portable Swift SIMD (the
/// AVX-512 backend has its own softmax and erf GELU in `CEncoderKernels`).
enum RowOperations {
    typealias V = SIMD8<Float>

    /// True when none of `count` floats is NaN or infinite (`x · 0` is 0 for finite x, NaN otherwise).
    static func allFinite(_ values: UnsafePointer<Float>?, count: Int) -> Bool {
        guard let values, count > 0 else { return true }
        var lanes = SIMD16<Float>.zero, tail: Float = 0
        let vectors = count / 16, raw = UnsafeRawPointer(values)
        for v in 0..<vectors { lanes += raw.loadUnaligned(fromByteOffset: v * 64, as: SIMD16<Float>.self) * 0 }
        for i in (vectors * 16)..<count { tail += values[i] * 0 }
        return lanes.sum() + tail == 0
    }

    /// `out[i] += values[i]` for `i < count`.
    @inline(__always)
    static func add(_ values: UnsafePointer<Float>, count: Int, to out: UnsafeMutablePointer<Float>) {
        for i in 0..<count { out[i] += values[i] }
    }

    /// In-place LayerNorm of each `n`-wide row: `(x - mean) / sqrt(var + eps) · gamma + beta` (biased variance).
    static func layerNorm(_ data: UnsafeMutablePointer<Float>, rows: Int, n: Int,
                          gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float) {
        let vectors = n / 8
        for r in 0..<rows {
            let row = data + r * n
            var sum = V.zero
            for v in 0..<vectors { sum += UnsafeRawPointer(row + v * 8).loadUnaligned(as: V.self) }
            var total = sum.sum()
            for i in (vectors * 8)..<n { total += row[i] }
            let mean = total / Float(n)
            var squares = V.zero
            for v in 0..<vectors {
                let d = UnsafeRawPointer(row + v * 8).loadUnaligned(as: V.self) - mean
                squares += d * d
            }
            var variance = squares.sum()
            for i in (vectors * 8)..<n { let d = row[i] - mean; variance += d * d }
            variance /= Float(n)
            let inverse = 1 / (variance + eps).squareRoot()
            for i in 0..<n { row[i] = (row[i] - mean) * inverse * gamma[i] + beta[i] }
        }
    }

    /// Softmax of `scale · x` over each `n`-wide row (row stride `stride`), in place. A row holding NaN or +inf,
    /// or only -inf, becomes NaN, as in PyTorch (never a masked row).
    static func softmax(_ data: UnsafeMutablePointer<Float>, rows: Int, n: Int, stride: Int, scale: Float) {
        let vectors = n / 8
        for r in 0..<rows {
            let row = data + r * stride
            var maximum = -Float.infinity, unordered = false
            for i in 0..<n {
                let x = row[i]
                unordered = unordered || x.isNaN
                if x > maximum { maximum = x }
            }
            if unordered || !maximum.isFinite {
                row.update(repeating: .nan, count: n)
                continue
            }
            var sum = V.zero
            for v in 0..<vectors {
                let p = UnsafeMutableRawPointer(row + v * 8)
                let e = VectorMath.exp((p.loadUnaligned(as: V.self) - maximum) * scale)
                p.storeBytes(of: e, as: V.self)
                sum += e
            }
            var total = sum.sum()
            let tail = n - vectors * 8
            if tail > 0 {
                var lanes = V(repeating: -.infinity)
                for i in 0..<tail { lanes[i] = (row[vectors * 8 + i] - maximum) * scale }
                let e = VectorMath.exp(lanes)
                for i in 0..<tail { row[vectors * 8 + i] = e[i]; total += e[i] }
            }
            let inverse = 1 / total
            for i in 0..<n { row[i] *= inverse }
        }
    }

    /// Applies the feed-forward activation to `count` floats in place.
    static func activate(_ data: UnsafeMutablePointer<Float>, count: Int, _ activation: BertConfig.Activation) {
        let vectors = count / 8
        switch activation {
        case .gelu:
            for v in 0..<vectors {
                let p = UnsafeMutableRawPointer(data + v * 8)
                let x = p.loadUnaligned(as: V.self)
                p.storeBytes(of: x * 0.5 * (1 + VectorMath.erf(x * 0.707_106_781_186_547_5)), as: V.self)
            }
        case .geluTanh:
            for v in 0..<vectors {
                let p = UnsafeMutableRawPointer(data + v * 8)
                let x = p.loadUnaligned(as: V.self)
                let inner = 0.797_884_560_802_865_4 * (x + 0.044_715 * x * x * x)
                p.storeBytes(of: x * 0.5 * (1 + VectorMath.tanh(inner)), as: V.self)
            }
        case .relu:
            for v in 0..<vectors {
                let p = UnsafeMutableRawPointer(data + v * 8)
                let x = p.loadUnaligned(as: V.self)
                p.storeBytes(of: x.replacing(with: 0, where: x .< 0), as: V.self)
            }
        }
        let tail = count - vectors * 8
        if tail > 0 {
            var lanes = V.zero
            for i in 0..<tail { lanes[i] = data[vectors * 8 + i] }
            let p = UnsafeMutablePointer<Float>.allocate(capacity: 8)
            defer { p.deallocate() }
            p.initialize(from: [lanes[0], lanes[1], lanes[2], lanes[3], lanes[4], lanes[5], lanes[6], lanes[7]], count: 8)
            activate(p, count: 8, activation)
            for i in 0..<tail { data[vectors * 8 + i] = p[i] }
        }
    }
}
