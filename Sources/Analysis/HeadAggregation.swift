import Encoder

/// How the heads of a layer combine into one matrix when "all heads" is selected.
public enum HeadAggregation: String, Sendable, CaseIterable {
    /// Element-wise mean over heads: rows still sum to 1.
    case mean
    /// Element-wise maximum over heads: shows where any head looks; rows no longer sum to 1.
    case max

    /// Combines the given matrices (all of the same size) element by element.
    public func combine(_ matrices: [AttentionMatrix]) -> AttentionMatrix {
        precondition(!matrices.isEmpty, "nothing to aggregate")
        let size = matrices[0].size
        var out = matrices[0].values
        for matrix in matrices.dropFirst() {
            precondition(matrix.size == size, "matrices of different sizes")
            switch self {
            case .mean: for i in out.indices { out[i] += matrix.values[i] }
            case .max: for i in out.indices where matrix.values[i] > out[i] { out[i] = matrix.values[i] }
            }
        }
        if self == .mean {
            let scale = 1 / Float(matrices.count)
            for i in out.indices { out[i] *= scale }
        }
        return AttentionMatrix(size: size, values: out)
    }

    /// All heads of `layer` (0-based) combined, read straight from the output without per-head copies.
    public func combine(_ output: EncoderOutput, layer: Int) -> AttentionMatrix {
        let cells = output.tokens * output.tokens
        var out = [Float](repeating: self == .mean ? 0 : -.infinity, count: cells)
        output.attentions[layer].withUnsafeBufferPointer { all in
            out.withUnsafeMutableBufferPointer { acc in
                for head in 0..<output.heads {
                    let base = head * cells
                    switch self {
                    case .mean: for i in 0..<cells { acc[i] += all[base + i] }
                    case .max: for i in 0..<cells where all[base + i] > acc[i] { acc[i] = all[base + i] }
                    }
                }
                if self == .mean, output.heads > 0 {
                    let scale = 1 / Float(output.heads)
                    for i in 0..<cells { acc[i] *= scale }
                }
            }
        }
        return AttentionMatrix(size: output.tokens, values: output.heads > 0 ? out : [Float](repeating: 0, count: cells))
    }
}
