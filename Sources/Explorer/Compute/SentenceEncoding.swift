import Encoder

/// Runs the encoder over token ids. The real `BertModel` conforms in the executable; tests use a double.
/// Runs off the UI thread; should check `isCancelled` between layers and throw `CancellationError` when set.
public protocol SentenceEncoding: Sendable {
    var shape: ModelShape { get }
    func encode(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput
}
