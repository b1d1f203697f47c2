import WordPiece

/// The real tokenizer, as the explorer sees it.
extension BertTokenizer: SentenceTokenizing {
    public func encode(_ text: String, pair: String?) -> Encoding {
        encode(text, pair: pair, maxLength: nil)
    }
}
