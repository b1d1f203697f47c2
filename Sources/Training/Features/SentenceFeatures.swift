import WordPiece

/// The feature rows one example yields: one row per sentence (sentence task) or one per labelled word, at its
/// first sub-word token (token task), for each requested layer.
public struct SentenceFeatures: Sendable {
    public let encoding: Encoding
    /// `vectors[i]` holds the rows of the i-th requested layer, `rows × hiddenSize`, row-major.
    public let vectors: [[Float]]
    /// The token position of each row (0 for the sentence task).
    public let positions: [Int]
    /// Token task: which word each row belongs to.
    public let words: [Int]

    public init(encoding: Encoding, vectors: [[Float]], positions: [Int], words: [Int]) {
        self.encoding = encoding
        self.vectors = vectors
        self.positions = positions
        self.words = words
    }

    public var rows: Int { positions.count }
}
