/// What the explorer needs to know about a model before any forward pass.
public struct ModelShape: Sendable, Equatable {
    public var name: String
    public var layers: Int
    public var heads: Int
    public var hiddenSize: Int

    public init(name: String, layers: Int, heads: Int, hiddenSize: Int) {
        self.name = name
        self.layers = layers
        self.heads = heads
        self.hiddenSize = hiddenSize
    }
}
