import Encoder

/// The real encoder, as the explorer sees it (`forward(ids:segments:isCancelled:)` is `BertModel`'s own).
extension BertModel: EncoderRunning {
    public var shape: ModelShape {
        ModelShape(name: name, layers: config.layers, heads: config.heads, hiddenSize: config.hiddenSize,
                   maxPositions: config.maxPositions)
    }
}
