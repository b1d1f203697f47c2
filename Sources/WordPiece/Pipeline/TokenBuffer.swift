/// Tokens of one sequence before post-processing (offsets are input scalar indexes).
///
/// Stores at most `limit` tokens but keeps counting past it (`count`), which truncation needs for pairs.
struct TokenBuffer {
    struct RawToken {
        var id: Int32
        var start: Int32
        var end: Int32
        var special: Bool
    }

    var tokens: [RawToken] = []
    /// Text of added tokens whose matched text differs from their content (stripped whitespace, normalised
    /// form), by index in `tokens`: Hugging Face reports the matched text.
    var matchedTexts: [Int: String] = [:]
    /// Tokens produced, stored or not.
    var count = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        tokens.reserveCapacity(min(limit, 64))
    }

    /// True once `limit` tokens are stored and one more was seen: enough to know the sequence is cut.
    var isOverflowing: Bool { count > limit }

    @inline(__always)
    mutating func append(id: Int32, start: Int32, end: Int32, special: Bool = false) {
        count += 1
        if tokens.count < limit { tokens.append(RawToken(id: id, start: start, end: end, special: special)) }
    }

    /// Appends an added token matched as `text`.
    mutating func appendAdded(_ token: AddedToken, text: String, start: Int32, end: Int32) {
        if tokens.count < limit && text != token.content { matchedTexts[tokens.count] = text }
        append(id: Int32(token.id), start: start, end: end, special: token.special)
    }

    /// Forgets everything appended since `stored` tokens were stored and `counted` were counted.
    mutating func rollBack(stored: Int, counted: Int) {
        tokens.removeSubrange(stored...)
        if !matchedTexts.isEmpty { matchedTexts = matchedTexts.filter { $0.key < stored } }
        count = counted
    }
}
