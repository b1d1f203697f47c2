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
}
