import Encoder

/// Runs the encoder's forward pass over token ids ("encode" is kept for tokenizing, as in `SentenceTokenizing`).
/// `BertModel` conforms in `BertModel+EncoderRunning.swift`; tests use a double. Runs off the UI thread; should
/// check `isCancelled` between layers and throw `CancellationError` when it is set.
public protocol EncoderRunning: Sendable {
    var shape: ModelShape { get }
    func forward(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput
}
