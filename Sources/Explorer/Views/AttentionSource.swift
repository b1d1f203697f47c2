import Analysis
import Encoder
import WordPiece

/// The attention matrix a view shows for a layer and head (nil: all heads aggregated), with special tokens
/// hidden and rows renormalised when asked.
enum AttentionSource {
    static func matrix(_ output: EncoderOutput, tokens: [Token], layer: Int, head: Int?,
                       aggregation: HeadAggregation, hideSpecial: Bool) -> AttentionMatrix {
        let m = head.map { AttentionMatrix(output, layer: layer, head: $0) } ?? aggregation.combine(output, layer: layer)
        return hideSpecial ? m.hiding(tokens.map(\.isSpecial)) : m
    }

    /// Attention rollout (heads combined by `aggregation`) from the input up to `layer`.
    static func rollout(_ output: EncoderOutput, tokens: [Token], layer: Int, aggregation: HeadAggregation,
                        hideSpecial: Bool) -> AttentionMatrix {
        let layers = (0...layer).map { aggregation.combine(output, layer: $0) }
        let m = AttentionRollout.compute(layers)[layer]
        return hideSpecial ? m.hiding(tokens.map(\.isSpecial)) : m
    }
}
