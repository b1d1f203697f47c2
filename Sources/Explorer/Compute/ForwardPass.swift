import Encoder
import WordPiece

/// A finished forward pass: the tokens it ran on, what it captured and how long it took.
public struct ForwardPass: Sendable {
    /// The scheduler generation that asked for it; only the newest generation is published.
    public var generation: Int
    public var encoding: Encoding
    public var output: EncoderOutput
    public var milliseconds: Double
    /// The first hidden state holding NaN or infinity (0: the embeddings, L: after layer L), nil when all are
    /// finite. A non-finite value spreads through every later layer, so the first one is where it arose.
    public let firstNonFiniteLayer: Int?
    /// What the heads say about it, computed with it on the encoder's queue (empty when there are none).
    public var heads = HeadOutputs()

    public init(generation: Int, encoding: Encoding, output: EncoderOutput, milliseconds: Double) {
        self.generation = generation
        self.encoding = encoding
        self.output = output
        self.milliseconds = milliseconds
        firstNonFiniteLayer = output.hiddenStates.firstIndex { $0.contains { !$0.isFinite } }
    }
}
