import Analysis

/// Everything that decides what an export shows, as the explorer's state or the command line sets it.
public struct ExportSettings: Sendable, Equatable {
    public var view: ExportView
    /// 0-based layer (attention, tokens).
    public var layer: Int
    /// A head (0-based), or nil for all heads combined by `aggregation`.
    public var head: Int?
    public var aggregation: HeadAggregation
    public var scale: ValueScale
    /// Attention weighted by value-output norms (Kobayashi et al.); needs `ValueNorms`.
    public var normBased: Bool
    /// Merge `##` pieces into words.
    public var words: Bool
    /// Which part of a pair's attention (attention view; key columns of the tokens view).
    public var filter: PairFilter
    /// Zero `[CLS]`/`[SEP]` rows and columns and renormalise (attention, tokens).
    public var hideSpecial: Bool
    /// The token of the tokens view (a word index with `words`).
    public var token: Int
    public var direction: AttentionDirection
    /// The statistic of the heads view.
    public var statistic: HeadStatistic

    public init(view: ExportView, layer: Int = 0, head: Int? = nil, aggregation: HeadAggregation = .mean,
                scale: ValueScale = .linear, normBased: Bool = false, words: Bool = false, filter: PairFilter = .all,
                hideSpecial: Bool = false, token: Int = 0, direction: AttentionDirection = .given,
                statistic: HeadStatistic = .entropy) {
        self.view = view
        self.layer = layer
        self.head = head
        self.aggregation = aggregation
        self.scale = scale
        self.normBased = normBased
        self.words = words
        self.filter = filter
        self.hideSpecial = hideSpecial
        self.token = token
        self.direction = direction
        self.statistic = statistic
    }

    /// `head 5`, `mean of heads` or `max of heads`.
    public var headLabel: String { head.map { "head \($0 + 1)" } ?? "\(aggregation.rawValue) of heads" }

    /// A file name for this view of `sentence`: its first words, the view, layer and head, e.g.
    /// `the-cat-sat-on_attention_L3_H5.svg`; only ASCII letters, digits, `-` and `_`.
    public func fileName(sentence: String, format: ExportFormat = .svg) -> String {
        var words: [String] = [], current = ""
        for scalar in sentence.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        let stem = words.prefix(4).joined(separator: "-").prefix(40)
        var parts = [stem.isEmpty ? "sentence" : String(stem), view.rawValue]
        switch view {
        case .attention, .tokens:
            parts.append("L\(layer + 1)")
            parts.append(head.map { "H\($0 + 1)" } ?? aggregation.rawValue)
        case .heads: parts.append(statistic.rawValue)
        case .norms, .overview: break
        }
        if normBased && (view == .attention || view == .tokens || view == .overview) { parts.append("normed") }
        return parts.joined(separator: "_") + "." + format.rawValue
    }
}
