/// A token matched verbatim in the text before the WordPiece model runs (`added_tokens` of tokenizer.json),
/// with the matching flags of `tokenizers`' `AddedToken`.
public struct AddedToken: Sendable, Equatable {
    public var id: Int
    public var content: String
    /// Special tokens ([CLS], [SEP], [MASK], ...) are reported with `Token.isSpecial`.
    public var special: Bool
    /// Only match when not preceded or followed by a word character (regex `\w`).
    public var singleWord: Bool
    /// Swallow whitespace on the left / right into the match.
    public var leftStrip: Bool
    public var rightStrip: Bool
    /// Match against the normalised text (the content is normalised too) instead of the raw input.
    public var normalized: Bool

    public init(id: Int, content: String, special: Bool, singleWord: Bool = false, leftStrip: Bool = false,
                rightStrip: Bool = false, normalized: Bool = false) {
        self.id = id
        self.content = content
        self.special = special
        self.singleWord = singleWord
        self.leftStrip = leftStrip
        self.rightStrip = rightStrip
        self.normalized = normalized
    }
}
