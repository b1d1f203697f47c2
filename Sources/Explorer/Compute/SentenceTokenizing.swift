import WordPiece

/// Turns the typed sentence (or pair) into tokens. The real `BertTokenizer` conforms in the executable; tests
/// use an in-memory double. Called synchronously on every keystroke, so it must be fast.
public protocol SentenceTokenizing: Sendable {
    func encode(_ text: String, pair: String?) -> Encoding
}
