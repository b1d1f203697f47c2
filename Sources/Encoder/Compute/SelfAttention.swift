import CEncoderKernels

/// Multi-head scaled dot-product attention on the fused query/key/value projection: per head, the scores
/// `Q·Kᵀ/√size`, their softmax (written out: the probabilities are captured), then `probabilities · V`.
struct SelfAttention {
    let heads: Int
    let headSize: Int
    let backend: KernelBackend

    var width: Int { heads * headSize }

    /// Floats of scratch `run` needs for `tokens` tokens.
    func scratchFloats(tokens t: Int) -> Int {
        backend.isPacked ? heads * (Self.padded(t) * headSize + t * Self.padded(headSize)) : 0
    }

    private static func padded(_ count: Int) -> Int { (count + 31) / 32 * 32 }

    /// `qkv` holds `t` rows of `[query | key | value]` (each `width` wide); writes the probabilities as
    /// `[head][query][key]` and the context as `t` rows of `width`.
    func run(qkv: UnsafePointer<Float>, tokens t: Int, probabilities: UnsafeMutablePointer<Float>,
             context: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, scheduler: ProductScheduler) {
        let d = width, size = headSize
        let scale = 1 / Float(size).squareRoot()
        let work = 2 * t * t * size * heads
        switch backend {
        case .avx512:
            // Keys and values of each head packed into 32-column panels for the packed kernel; the scaling is
            // applied inside the softmax.
            let padded = Self.padded(t), paddedSize = Self.padded(size)
            scheduler.parallel(heads, work: work) { head in
                let keys = scratch + head * (padded * size + t * paddedSize), values = keys + padded * size
                let q = qkv + head * size, k = qkv + d + head * size, v = qkv + 2 * d + head * size
                RowOperations.packTransposed(k, rows: t, columns: size, stride: 3 * d, into: keys)
                RowOperations.pack(v, rows: t, columns: size, stride: 3 * d, into: values)
                let scores = probabilities + head * t * t
                bx_gemm_packed(BX_ELEMENT_F32, t, t, size, q, 3 * d, keys, 0, padded / 32, scores, t)
                backend.softmax(scores, rows: t, n: t, stride: t, scale: scale)
                bx_gemm_packed(BX_ELEMENT_F32, t, size, t, scores, t, values, 0, paddedSize / 32, context + head * size, d)
            }
        case .blas:
            scheduler.parallel(heads, work: work) { head in
                let scores = probabilities + head * t * t
                Gemm.multiply(m: t, n: t, k: size, alpha: scale, a: qkv + head * size, lda: 3 * d,
                              b: qkv + d + head * size, ldb: 3 * d, transposeB: true, beta: 0, c: scores, ldc: t)
                backend.softmax(scores, rows: t, n: t, stride: t, scale: 1)
                Gemm.multiply(m: t, n: size, k: t, a: scores, lda: t, b: qkv + 2 * d + head * size, ldb: 3 * d,
                              transposeB: false, beta: 0, c: context + head * size, ldc: d)
            }
        }
    }
}
