/// How a sentence's token states become one feature vector (sentence task).
public enum Pooling: String, Sendable, Codable, CaseIterable {
    /// The `[CLS]` token's state.
    case cls
    /// The mean over every token, special tokens included (as a masked mean over `attention_mask` does).
    case mean
    /// `tanh(W · cls + b)` with the checkpoint's pooler (`pooler.dense`), on the last layer only.
    case pooler
}
