/// Where to apply the masked-LM head: a token position and the hidden state of a layer (0 = embeddings,
/// `layers` = the encoder's output, which is what the model itself predicts from).
public struct MaskedLMQuery: Sendable, Hashable {
    public let layer: Int
    public let position: Int

    public init(layer: Int, position: Int) {
        self.layer = layer
        self.position = position
    }
}
