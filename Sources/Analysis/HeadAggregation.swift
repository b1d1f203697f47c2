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

    /// All heads of `layer` (0-based) combined.
    public func combine(_ output: EncoderOutput, layer: Int) -> AttentionMatrix {
        combine((0..<output.heads).map { AttentionMatrix(output, layer: layer, head: $0) })
    }
}
