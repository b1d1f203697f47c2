import Analysis
import TerminalUI
import WordPiece

/// The rows and columns an attention view shows: the tokens, or with the word view their words. Selection stays a
/// token index (a word's first piece), so switching the view back and forth keeps it.
struct AttentionAxis: Sendable {
    let labels: [String]
    let special: [Bool]
    let segments: [Int]
    /// The words, when the axis shows words.
    let grouping: WordGrouping?
    /// Columns for the row labels of the Attention and Token views: the widest label (4 to 12) and a gap;
    /// measured once here, since the axis is cached per result, rather than on every frame.
    let labelWidth: Int

    init(tokens: [Token], words: Bool) {
        if words {
            let grouping = WordGrouping(tokens: tokens)
            self.grouping = grouping
            labels = grouping.labels
            segments = grouping.segments
            special = grouping.words.map { tokens[$0.lowerBound].isSpecial }
        } else {
            grouping = nil
            labels = tokens.map(\.text)
            segments = tokens.map(\.segment)
            special = tokens.map(\.isSpecial)
        }
        labelWidth = min(12, max(4, labels.map { DisplayWidth.of($0) }.max() ?? 4)) + 1
    }

    var count: Int { labels.count }

    /// The row or column that shows token `token`.
    func index(ofToken token: Int) -> Int { grouping?.word(of: token) ?? token }

    /// The token a row or column stands for (a word's first piece), for clicks and selection.
    func token(at index: Int) -> Int { grouping?.words[index].lowerBound ?? index }

    /// The first row of segment B (where the boundary is drawn), nil for one sentence.
    var boundary: Int? { PairFilter.boundary(segments) }
}
