import Encoder

/// Attention rollout (Abnar & Zuidema, 2020): how much each token's representation at a layer draws on each
/// input token, following attention through all the layers below with the residual connection modelled as
/// `0.5 I + 0.5 A` (A the head-mean attention), each row renormalised to sum to 1.
public enum AttentionRollout {
    /// One rolled-out matrix per layer (index 0 is layer 1), each row a distribution over input tokens.
    public static func compute(_ output: EncoderOutput, aggregation: HeadAggregation = .mean) -> [AttentionMatrix] {
        compute((0..<output.layers).map { aggregation.combine(output, layer: $0) })
    }

    /// Rollout over given per-layer matrices, bottom layer first.
    public static func compute(_ layers: [AttentionMatrix]) -> [AttentionMatrix] {
        guard let first = layers.first else { return [] }
        let n = first.size
        var result: [AttentionMatrix] = []
        var rolled = identity(n)
        for layer in layers {
            rolled = multiply(withResidual(layer), rolled)
            result.append(rolled)
        }
        return result
    }

    /// `0.5 I + 0.5 A`, rows renormalised.
    static func withResidual(_ a: AttentionMatrix) -> AttentionMatrix {
        let n = a.size
        var out = a.values
        for q in 0..<n {
            var sum: Float = 0
            for k in 0..<n {
                out[q * n + k] = 0.5 * out[q * n + k] + (q == k ? 0.5 : 0)
                sum += out[q * n + k]
            }
            if sum > 0 { for k in 0..<n { out[q * n + k] /= sum } }
        }
        return AttentionMatrix(size: n, values: out)
    }

    static func identity(_ n: Int) -> AttentionMatrix {
        var m = AttentionMatrix(size: n, values: Array(repeating: 0, count: n * n))
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    static func multiply(_ a: AttentionMatrix, _ b: AttentionMatrix) -> AttentionMatrix {
        let n = a.size
        var out = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in 0..<n {
                let aik = a.values[i * n + k]
                if aik == 0 { continue }
                for j in 0..<n { out[i * n + j] += aik * b.values[k * n + j] }
            }
        }
        return AttentionMatrix(size: n, values: out)
    }
}
