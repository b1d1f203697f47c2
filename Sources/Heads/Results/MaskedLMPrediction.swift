/// The top-k entries of the masked-LM head at one position and layer, most probable first.
public struct MaskedLMPrediction: Sendable, Equatable {
    public let layer: Int
    public let position: Int
    public let top: [TokenPrediction]

    public init(layer: Int, position: Int, top: [TokenPrediction]) {
        self.layer = layer
        self.position = position
        self.top = top
    }
}
