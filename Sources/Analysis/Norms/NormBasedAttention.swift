import Encoder

/// Norm-based attention (Kobayashi et al. 2020, "Attention is Not Only a Weight"): `‖α_ij f_h(x_j)‖ =
/// α_ij ‖f_h(x_j)‖`, how much token `j` actually moves token `i` through head `h`. A large weight on a vector
/// with a small norm (typically `[SEP]` and punctuation) counts for little.
public enum NormBasedAttention {
    /// One head: every column `j` of the attention scaled by `‖f_h(x_j)‖`.
    public static func matrix(_ attention: AttentionMatrix, norms: [Float]) -> AttentionMatrix {
        precondition(norms.count == attention.size, "one norm per token")
        let n = attention.size
        var out = attention.values
        for q in 0..<n {
            for k in 0..<n { out[q * n + k] *= norms[k] }
        }
        return AttentionMatrix(size: n, values: out)
    }

    /// One head of one layer (0-based) of an encoder output.
    public static func matrix(_ output: EncoderOutput, norms: ValueNorms, layer: Int, head: Int) -> AttentionMatrix {
        precondition(norms.tokens == output.tokens && norms.heads == output.heads, "norms of another output")
        return matrix(AttentionMatrix(output, layer: layer, head: head), norms: norms.norms(layer: layer, head: head))
    }

    /// Every head of a layer combined element by element (the mean or the maximum of the per-head norm
    /// matrices; the norm of the summed vectors would need the vectors themselves).
    public static func combined(_ output: EncoderOutput, norms: ValueNorms, layer: Int,
                                aggregation: HeadAggregation) -> AttentionMatrix {
        aggregation.combine((0..<output.heads).map { matrix(output, norms: norms, layer: layer, head: $0) })
    }
}
