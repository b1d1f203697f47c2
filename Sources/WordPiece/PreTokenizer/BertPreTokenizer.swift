/// Hugging Face's `BertPreTokenizer`: split on whitespace (dropped), then isolate each punctuation character.
struct BertPreTokenizer: Sendable {
    /// Calls `word(start, end)` for each word of `text[range]`, in order.
    @inline(__always)
    func split(_ text: UnsafeBufferPointer<UInt32>, range: Range<Int>, _ word: (Int, Int) -> Void) {
        let table = CharacterTable.shared
        var wordStart = -1
        for i in range {
            let scalar = text[i]
            let flags: UInt8
            if scalar >= 0x61 && scalar <= 0x7A || scalar >= 0x30 && scalar <= 0x39 {
                flags = 0
            } else {
                flags = scalar == 0x20 ? CharacterTable.splitSpace : table.flags(scalar)
            }
            if flags & (CharacterTable.splitSpace | CharacterTable.punctuation) == 0 {
                if wordStart < 0 { wordStart = i }
                continue
            }
            if wordStart >= 0 {
                word(wordStart, i)
                wordStart = -1
            }
            if flags & CharacterTable.punctuation != 0 { word(i, i + 1) }
        }
        if wordStart >= 0 { word(wordStart, range.upperBound) }
    }
}
