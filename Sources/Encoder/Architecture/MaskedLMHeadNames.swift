/// Module paths of a masked-LM head, from the checkpoint root (no base-model prefix): dense transform,
/// activation, LayerNorm, then the vocabulary decoder.
public struct MaskedLMHeadNames: Sendable, Equatable {
    /// `[hidden or embedding size, hidden]` dense transform (`.weight`, `.bias`).
    public var transform: String
    public var transformNorm: String
    /// The decoder weight `[vocab, embedding size]`; absent when it is tied to the word embeddings.
    public var decoderWeight: String
    /// The decoder bias `[vocab]`.
    public var decoderBias: String
}
