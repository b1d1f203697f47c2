import Encoder

/// The real encoder, as the explorer sees it.
extension BertModel: EncoderRunning {
    public var shape: ModelShape {
        ModelShape(name: name, layers: config.layers, heads: config.heads, hiddenSize: config.hiddenSize,
                   maxPositions: config.maxPositions)
    }

    /// Every layer's attention and hidden states, the value norms (norm-based attention) and the query and key
    /// vectors (Neuron view): the views read all of them, and capturing them with the pass keeps that work off
    /// the draw path.
    public func forward(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput {
        try forward(ids: ids, segments: segments, capture: .everything, isCancelled: isCancelled)
    }
}
