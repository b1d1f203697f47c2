import WordPiece

/// The real tokenizer, as the explorer sees it.
extension BertTokenizer: SentenceTokenizing {
    public func encode(_ text: String, pair: String?) -> Encoding {
        encode(text, pair: pair, maxLength: nil)
    }

    /// Cut at `maxLength` (the model's positions) or the tokenizer's own limit, whichever is smaller.
    public func encode(_ text: String, pair: String?, maxLength: Int) -> Encoding {
        encode(text, pair: pair, modelPositions: maxLength)
    }
}
