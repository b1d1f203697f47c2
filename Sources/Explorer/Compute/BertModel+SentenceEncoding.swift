import Encoder

/// The real encoder, as the explorer sees it.
extension BertModel: SentenceEncoding {
    public var shape: ModelShape {
        ModelShape(name: name, layers: config.layers, heads: config.heads, hiddenSize: config.hiddenSize,
                   maxPositions: config.maxPositions)
    }

    public func encode(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput {
        try forward(ids: ids, segments: segments, isCancelled: isCancelled)
    }
}
