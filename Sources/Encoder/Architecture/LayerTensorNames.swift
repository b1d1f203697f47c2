/// Module paths of one encoder layer's weights inside a checkpoint (each has `.weight` and `.bias`), relative
/// to the architecture's prefix.
public struct LayerTensorNames: Sendable, Equatable {
    public var query: String, key: String, value: String
    /// Attention output projection.
    public var attentionOutput: String
    /// LayerNorm after attention + residual.
    public var norm1: String
    public var ffnIn: String, ffnOut: String
    /// LayerNorm after the feed-forward block + residual.
    public var norm2: String
}
