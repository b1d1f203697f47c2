import WordPiece

/// The logits and probabilities of one input: one row (sentence task) or one per token of `encoding`.
struct ClassifierOutput {
    let encoding: Encoding
    /// `rows × labels`, row-major.
    let logits: [Float]
    let probabilities: [Float]
    let rows: Int
}
