import WordPiece

/// The real tokenizer, as the explorer sees it.
extension BertTokenizer: SentenceTokenizing {
    public func encode(_ text: String, pair: String?) -> Encoding {
        encode(text, pair: pair, maxLength: nil)
    }

    /// Cut at `maxLength` (the model's positions) or the tokenizer's own limit, whichever is smaller.
    public func encode(_ text: String, pair: String?, maxLength: Int) -> Encoding {
        let own = self.maxLength > 0 ? self.maxLength : maxLength
        let limit: Int? = min(own, maxLength)
        return encode(text, pair: pair, maxLength: limit)
    }
}
