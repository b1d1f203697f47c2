/// One vocabulary entry proposed by the masked-LM head, with its softmax probability.
public struct TokenPrediction: Sendable, Equatable {
    public let id: Int
    public let probability: Float

    public init(id: Int, probability: Float) {
        self.id = id
        self.probability = probability
    }
}
