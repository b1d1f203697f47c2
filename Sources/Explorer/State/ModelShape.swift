/// What the explorer needs to know about a model before any forward pass.
public struct ModelShape: Sendable, Equatable {
    public var name: String
    public var layers: Int
    public var heads: Int
    public var hiddenSize: Int
    /// `max_position_embeddings`: the longest input the model takes (nil: no limit known).
    public var maxPositions: Int?

    public init(name: String, layers: Int, heads: Int, hiddenSize: Int, maxPositions: Int? = nil) {
        self.maxPositions = maxPositions
        self.name = name
        self.layers = layers
        self.heads = heads
        self.hiddenSize = hiddenSize
    }
}
