import WordPiece

/// Turns the typed sentence (or pair) into tokens. The real `BertTokenizer` conforms in the executable; tests
/// use an in-memory double. Called synchronously on every keystroke, so it must be fast.
public protocol SentenceTokenizing: Sendable {
    func encode(_ text: String, pair: String?) -> Encoding
    /// The tokens, truncated to at most `maxLength` (special tokens included) and marked `truncated` when cut.
    /// The default ignores the limit.
    func encode(_ text: String, pair: String?, maxLength: Int) -> Encoding
}

extension SentenceTokenizing {
    public func encode(_ text: String, pair: String?, maxLength: Int) -> Encoding {
        encode(text, pair: pair)
    }
}
