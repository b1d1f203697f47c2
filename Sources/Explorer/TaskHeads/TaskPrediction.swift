import Heads

/// What a trained head says about one forward pass: one classification for the sentence (sentence task), or
/// one per word start (token task).
public struct TaskPrediction: Sendable, Equatable {
    /// The token index of each result (token task); empty for a sentence head.
    public let positions: [Int]
    public let results: [Classification]

    /// The sentence's scores (sentence task).
    public var sentence: Classification? { positions.isEmpty ? results.first : nil }

    /// The scores of the word starting at token `index` (token task), nil for other tokens.
    public func token(_ index: Int) -> Classification? {
        positions.firstIndex(of: index).map { results[$0] }
    }
}
