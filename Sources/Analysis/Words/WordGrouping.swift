import WordPiece

/// Words made of WordPiece tokens: a `##` continuation piece joins the word before it; every other token,
/// special tokens included, starts a word.
///
/// Attention between words follows Clark et al. (2019): attention TO a word is the sum over its pieces (the
/// columns add up), attention FROM a word is the mean over its pieces (the rows average), so every word row
/// of an attention matrix still sums to 1.
public struct WordGrouping: Sendable, Equatable {
    /// Token indices of each word, in order; together they cover every token once.
    public let words: [Range<Int>]
    /// Each word's text: its pieces joined with the `##` dropped.
    public let labels: [String]
    /// Segment of each word (that of its first piece).
    public let segments: [Int]

    public var count: Int { words.count }
    /// Number of tokens grouped.
    public var tokens: Int { words.last?.upperBound ?? 0 }

    public init(tokens: [Token]) {
        self.init(texts: tokens.map(\.text), segments: tokens.map(\.segment))
    }

    /// Groups token strings; `segments` defaults to all zero.
    public init(texts: [String], segments: [Int]? = nil) {
        let segments = segments ?? [Int](repeating: 0, count: texts.count)
        precondition(segments.count == texts.count, "one segment per token")
        var words: [Range<Int>] = [], labels: [String] = [], wordSegments: [Int] = []
        for (index, text) in texts.enumerated() {
            let continues = text.hasPrefix("##") && text.count > 2 && !words.isEmpty
            if continues {
                words[words.count - 1] = words[words.count - 1].lowerBound..<(index + 1)
                labels[labels.count - 1] += text.dropFirst(2)
            } else {
                words.append(index..<(index + 1))
                labels.append(text)
                wordSegments.append(segments[index])
            }
        }
        self.words = words
        self.labels = labels
        self.segments = wordSegments
    }

    /// The word holding token `token`.
    public func word(of token: Int) -> Int {
        var low = 0, high = words.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if words[mid].lowerBound <= token { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// A token-by-token matrix as a word-by-word one: columns summed over each word's pieces, then rows
    /// averaged over them.
    public func merge(_ matrix: AttentionMatrix) -> AttentionMatrix {
        precondition(matrix.size == tokens, "a matrix of \(tokens) tokens is needed")
        let n = matrix.size, w = words.count
        var out = [Float](repeating: 0, count: w * w)
        // Each word's rows add their column sums into its row of `out`, in the same order as summing a rows × words
        // matrix first (the same floats), without that matrix or bounds checks: the Overview merges 72 heads.
        matrix.values.withUnsafeBufferPointer { values in
            out.withUnsafeMutableBufferPointer { out in
                for (i, rowWord) in words.enumerated() {
                    let target = out.baseAddress! + i * w
                    for q in rowWord {
                        let row = values.baseAddress! + q * n
                        for (j, word) in words.enumerated() {
                            var sum: Float = 0
                            for k in word { sum += row[k] }
                            target[j] += sum
                        }
                    }
                    let scale = 1 / Float(rowWord.count)
                    for j in 0..<w { target[j] *= scale }
                }
            }
        }
        return AttentionMatrix(size: w, values: out)
    }

    /// A per-token value (a hidden-state norm, say) as a per-word one: the mean over the word's pieces.
    public func mean(_ values: [Float]) -> [Float] {
        precondition(values.count == tokens, "one value per token")
        return words.map { word in word.reduce(Float(0)) { $0 + values[$1] } / Float(word.count) }
    }
}
