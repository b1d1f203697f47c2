import CEncoderKernels
import Foundation

/// Multi-head scaled dot-product attention on the fused query/key/value projection: per head, the scores
/// `Q·Kᵀ/√size`, their softmax (written out: the probabilities are captured), then `probabilities · V`.
struct SelfAttention {
    let heads: Int
    let headSize: Int
    let backend: KernelBackend

    var width: Int { heads * headSize }

    /// Floats of scratch `run` needs for `tokens` tokens.
    func scratchFloats(tokens t: Int) -> Int {
        backend.isPacked ? heads * backend.operandFloats(k: headSize, n: t) : 0
    }

    /// Query rows per piece of work at long inputs (pieces spread over the pool; the kernel itself goes through a
    /// strip in blocks of rows whose scores fit in L1). `BERT_EXPLORER_STRIP_ROWS` overrides it for measurements
    /// (0: whole heads, no strips).
    static let stripRows: Int = {
        guard let value = ProcessInfo.processInfo.environment["BERT_EXPLORER_STRIP_ROWS"].flatMap({ Int($0) }), value >= 0
        else { return 48 }
        return value == 0 ? Int.max / 2 : value
    }()

    /// `qkv` holds `t` rows of `[query | key | value]` (each `width` wide); writes the probabilities as
    /// `[head][query][key]` and the context as `t` rows of `width`. Without `keepProbabilities` the AVX-512 and
    /// AMX backends leave `probabilities` untouched (BLAS uses it as scratch).
    func run(qkv: UnsafePointer<Float>, tokens t: Int, probabilities: UnsafeMutablePointer<Float>,
             keepProbabilities: Bool = true, context: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
             scheduler: ProductScheduler) {
        let d = width, size = headSize
        let scale = 1 / Float(size).squareRoot()
        let work = 2 * t * t * size * heads
        switch backend {
        case .avx512, .amx, .amxBF16:
            // The keys of each head are packed transposed into 32-key panels; values are read in place. Each
            // piece is one head's strip of query rows: the fused kernel computes scores, softmax and the product
            // with V block by block while the block is in L1, and writes the probabilities once.
            func keys(_ head: Int) -> UnsafeMutablePointer<Float> { scratch + head * backend.operandFloats(k: size, n: t) }
            // Kᵀ (size × t) as 32-column panels: the operand layout of the packed kernels.
            func pack(_ head: Int) {
                backend.writeOperand(qkv + d + head * size, ldb: 3 * d, transposeB: true, k: size, n: t, into: keys(head))
            }
            func attend(_ head: Int, rows: Range<Int>) {
                bx_attention_rows(rows.count, t, size, qkv + rows.lowerBound * 3 * d + head * size, 3 * d, keys(head),
                                  qkv + 2 * d + head * size, 3 * d, scale,
                                  keepProbabilities ? probabilities + head * t * t + rows.lowerBound * t : nil, t,
                                  context + rows.lowerBound * d + head * size, d)
            }
            let strips = (t + Self.stripRows - 1) / Self.stripRows
            if strips == 1 {
                scheduler.parallel(heads, work: work) { head in
                    pack(head)
                    attend(head, rows: 0..<t)
                }
            } else {
                scheduler.parallel(heads, work: work) { pack($0) }
                scheduler.parallel(heads * strips, work: work) { piece in
                    let first = (piece % strips) * Self.stripRows
                    attend(piece / strips, rows: first..<min(first + Self.stripRows, t))
                }
            }
        case .blas:
            scheduler.parallel(heads, work: work) { head in
                let scores = probabilities + head * t * t
                Gemm.multiply(m: t, n: t, k: size, alpha: scale, a: qkv + head * size, lda: 3 * d,
                              b: qkv + d + head * size, ldb: 3 * d, transposeB: true, beta: 0, c: scores, ldc: t)
                RowOperations.softmax(scores, rows: t, n: t, stride: t, scale: 1)
                Gemm.multiply(m: t, n: size, k: t, a: scores, lda: t, b: qkv + 2 * d + head * size, ldb: 3 * d,
                              transposeB: false, beta: 0, c: context + head * size, ldc: d)
            }
        }
    }
}
