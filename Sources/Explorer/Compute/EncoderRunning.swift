import Encoder

/// Runs the encoder's forward pass over token ids ("encode" is kept for tokenizing, as in `SentenceTokenizing`).
/// `BertModel` conforms in `BertModel+EncoderRunning.swift`; tests use a double. Runs off the UI thread; should
/// check `isCancelled` between layers and throw `CancellationError` when it is set.
public protocol EncoderRunning: Sendable {
    var shape: ModelShape { get }
    func forward(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput
    /// The hidden states of several inputs (occlusion attribution reads nothing else); the default runs
    /// `forward` on each in turn. Should throw `CancellationError` once `isCancelled` is set.
    func hiddenStates(batch: [(ids: [Int], segments: [Int])], isCancelled: () -> Bool) throws -> [EncoderOutput]
}

extension EncoderRunning {
    public func hiddenStates(batch: [(ids: [Int], segments: [Int])], isCancelled: () -> Bool) throws -> [EncoderOutput] {
        try batch.map { try forward(ids: $0.ids, segments: $0.segments, isCancelled: isCancelled) }
    }
}
