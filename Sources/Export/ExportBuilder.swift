import Analysis
import Encoder
import WordPiece

/// Builds the matrix a view shows from an encoder result and the export settings, with the same analyses the
/// explorer uses (head aggregation, norm-based attention, special-token hiding, word merging, pair filters).
public struct ExportBuilder: Sendable {
    public let output: EncoderOutput
    public let tokens: [Token]
    public let modelName: String
    /// `‖f_h(x_j)‖` per layer, head and token, when the encoder captured them (norm-based attention).
    public let valueNorms: ValueNorms?

    public init(output: EncoderOutput, tokens: [Token], modelName: String, valueNorms: ValueNorms? = nil) {
        precondition(tokens.count == output.tokens, "one token per encoder position")
        self.output = output
        self.tokens = tokens
        self.modelName = modelName
        self.valueNorms = valueNorms
    }

    /// The matrix of `settings.view`.
    public func matrix(_ settings: ExportSettings) throws -> ExportMatrix {
        try check(settings)
        switch settings.view {
        case .attention: return attention(settings)
        case .tokens: return try tokenView(settings)
        case .norms: return norms(settings)
        case .overview: return overview(settings)
        case .heads: return heads(settings)
        }
    }

    private func check(_ s: ExportSettings) throws {
        guard (0..<output.layers).contains(s.layer) else {
            throw ExportError("layer \(s.layer + 1) is outside 1...\(output.layers)")
        }
        if let head = s.head, !(0..<output.heads).contains(head) {
            throw ExportError("head \(head + 1) is outside 1...\(output.heads)")
        }
        if s.normBased && valueNorms == nil && [.attention, .tokens, .overview].contains(s.view) {
            throw ExportError("norm-based attention needs the value-output norms, which this encoder result does not carry")
        }
    }

    /// Token labels and segments, or word ones.
    private func axis(_ s: ExportSettings) -> (labels: [String], segments: [Int], grouping: WordGrouping?) {
        guard s.words else { return (tokens.map(\.text), tokens.map(\.segment), nil) }
        let grouping = WordGrouping(tokens: tokens)
        return (grouping.labels, grouping.segments, grouping)
    }

    /// One layer's matrix for a head (nil: combined), with norms, hiding and word merging applied (the explorer
    /// shows the same matrix, so `w` writes what is on screen).
    public func attentionMatrix(layer: Int, head: Int?, _ s: ExportSettings, grouping: WordGrouping?) -> AttentionMatrix {
        var m: AttentionMatrix
        if s.normBased, let norms = valueNorms {
            m = head.map { NormBasedAttention.matrix(output, norms: norms, layer: layer, head: $0) }
                ?? NormBasedAttention.combined(output, norms: norms, layer: layer, aggregation: s.aggregation)
        } else {
            m = head.map { AttentionMatrix(output, layer: layer, head: $0) } ?? s.aggregation.combine(output, layer: layer)
        }
        if s.hideSpecial {
            let special = tokens.map(\.isSpecial)
            if s.normBased {
                // Norms are not probabilities: hide without renormalising.
                for q in 0..<m.size { for k in 0..<m.size where special[q] || special[k] { m[q, k] = 0 } }
            } else {
                m = m.hiding(special)
            }
        }
        return grouping.map { $0.merge(m) } ?? m
    }

    private func title(_ s: ExportSettings, _ parts: [String]) -> String {
        var all = [modelName] + parts + [s.scale.rawValue]
        if s.normBased && s.view != .norms && s.view != .heads { all.append("norm-based ‖αf(x)‖") }
        if s.words { all.append("words") }
        if s.hideSpecial && s.view != .norms && s.view != .heads { all.append("[CLS]/[SEP] hidden") }
        if s.filter != .all { all.append(s.filter.label) }
        return all.joined(separator: " · ")
    }

    private func attention(_ s: ExportSettings) -> ExportMatrix {
        let (labels, segments, grouping) = axis(s)
        let m = attentionMatrix(layer: s.layer, head: s.head, s, grouping: grouping)
        let rows = s.filter.queries(segments), columns = s.filter.keys(segments)
        let values = rows.flatMap { q in columns.map { m[q, $0] } }
        let boundary = PairFilter.boundary(segments)
        let rowBoundary = boundary.flatMap { b in rows.firstIndex(of: b) }.flatMap { $0 > 0 ? [$0] : nil } ?? []
        let columnBoundary = boundary.flatMap { b in columns.firstIndex(of: b) }.flatMap { $0 > 0 ? [$0] : nil } ?? []
        return ExportMatrix(
            title: title(s, ["attention", "layer \(s.layer + 1)", s.headLabel]), rowAxis: "query", columnAxis: "key",
            rowLabels: rows.map { labels[$0] }, columnLabels: columns.map { labels[$0] }, values: values,
            mapping: ScaleMapping.fitted(s.scale, to: values), rowBoundaries: rowBoundary, columnBoundaries: columnBoundary)
    }

    private func tokenView(_ s: ExportSettings) throws -> ExportMatrix {
        let (labels, segments, grouping) = axis(s)
        guard (0..<labels.count).contains(s.token) else {
            throw ExportError("token \(s.token) is outside 0...\(labels.count - 1)")
        }
        let perHead = (0..<output.heads).map { head in
            attentionMatrix(layer: s.layer, head: head, s, grouping: grouping).attention(of: s.token, s.direction)
        }
        let n = labels.count
        let mean = (0..<n).map { k in perHead.reduce(Float(0)) { $0 + $1[k] } / Float(max(1, output.heads)) }
        let columns = s.direction == .given ? s.filter.keys(segments) : s.filter.queries(segments)
        let rows = perHead + [mean]
        let values = rows.flatMap { row in columns.map { row[$0] } }
        let verb = s.direction == .given ? "attention from" : "attention to"
        return ExportMatrix(
            title: title(s, ["\(verb) \(s.token) \(labels[s.token])", "layer \(s.layer + 1)"]),
            rowAxis: "head", columnAxis: s.direction == .given ? "key" : "query",
            rowLabels: (0..<output.heads).map { "h\($0 + 1)" } + ["mean"], columnLabels: columns.map { labels[$0] },
            values: values, mapping: ScaleMapping.fitted(s.scale, to: values), rowBoundaries: [output.heads])
    }

    private func norms(_ s: ExportSettings) -> ExportMatrix {
        let (labels, _, grouping) = axis(s)
        let norms = HiddenNormMatrix(output).norms.map { grouping?.mean($0) ?? $0 }
        let values = norms.flatMap { $0 }
        return ExportMatrix(
            title: title(s, ["hidden-state norms"]), rowAxis: "layer", columnAxis: "token",
            rowLabels: ["emb"] + (1...output.layers).map { "L\($0)" }, columnLabels: labels, values: values,
            mapping: ScaleMapping.fitted(s.scale, to: values))
    }

    private func overview(_ s: ExportSettings) -> ExportMatrix {
        let (labels, _, grouping) = axis(s)
        let n = labels.count, heads = output.heads
        var values = [Float](repeating: 0, count: output.layers * n * heads * n)
        for layer in 0..<output.layers {
            for head in 0..<heads {
                let m = attentionMatrix(layer: layer, head: head, s, grouping: grouping)
                for q in 0..<n {
                    for k in 0..<n { values[(layer * n + q) * heads * n + head * n + k] = m[q, k] }
                }
            }
        }
        return ExportMatrix(
            title: title(s, ["every layer × head"]), rowAxis: "layer · query", columnAxis: "head · key",
            rowLabels: (0..<output.layers).flatMap { l in labels.map { "L\(l + 1) \($0)" } },
            columnLabels: (0..<heads).flatMap { h in labels.map { "H\(h + 1) \($0)" } },
            values: values, mapping: ScaleMapping.fitted(s.scale, to: values),
            rowBoundaries: (1..<max(1, output.layers)).map { $0 * n }, columnBoundaries: (1..<max(1, heads)).map { $0 * n })
    }

    private func heads(_ s: ExportSettings) -> ExportMatrix {
        let statistics = HeadStatistics(output, roles: TokenRoles(tokens: tokens))
        let values = statistics.grid(s.statistic).flatMap { $0 }.map { $0.map(Float.init) ?? .nan }
        return ExportMatrix(
            title: title(s, ["head statistic: \(s.statistic.rawValue)"]), rowAxis: "layer", columnAxis: "head",
            rowLabels: (1...output.layers).map { "L\($0)" }, columnLabels: (1...output.heads).map { "H\($0)" },
            values: values, mapping: ScaleMapping.fitted(s.scale, to: values))
    }
}
