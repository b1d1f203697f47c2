import Analysis
import Export
import WordPiece

/// The matrices the attention views show once the modes (`AttentionModes`) apply: norm-based, word-merged,
/// pair-filtered. Each is computed once per result and settings, by the same code `export` and `w` use.
extension DerivedMatrices {
    /// The rows and columns of the attention views for this result.
    func axis(_ result: ForwardPass, words: Bool) -> AttentionAxis {
        value("axis/\(words)", for: result, cost: result.encoding.count) {
            AttentionAxis(tokens: result.encoding.tokens, words: words)
        }
    }

    /// The axis the state asks for.
    func axis(_ result: ForwardPass, _ s: ExplorerState) -> AttentionAxis {
        axis(result, words: s.views[AttentionModes.words])
    }

    /// `‖f_h(x_j)‖` of the result, if the encoder captured it.
    func valueNorms(_ result: ForwardPass) -> ValueNorms? {
        // Held as an array: an optional `T` would match the cache's missing entry (`nil as? T?` succeeds).
        value("valueNorms", for: result, cost: result.output.valueNorms.count * result.output.valueNorms.layerSize) {
            ValueNorms(result.output).map { [$0] } ?? []
        }.first
    }

    /// One layer's attention for a head (nil: the heads combined by the state's aggregation) as the state shows it:
    /// weights or norms, tokens or words, special tokens hidden, cells outside the pair filter zeroed.
    func shown(_ result: ForwardPass, _ s: ExplorerState, layer: Int, head: Int?, filtered: Bool = true) -> AttentionMatrix {
        let norms = AttentionModes.showsNorms(s, result), words = s.views[AttentionModes.words]
        let axis = axis(result, words: words)
        let filter = filtered ? AttentionModes.filter(s, segments: axis.segments) : .all
        guard norms || words || filter != .all else {
            return attention(result, layer: layer, head: head, aggregation: s.aggregation, hideSpecial: s.hideSpecial)
        }
        let which = head.map(String.init) ?? s.aggregation.rawValue
        return value("shown/\(layer)/\(which)/\(s.hideSpecial)/\(norms)/\(words)/\(filter.rawValue)", for: result,
                     cost: axis.count * axis.count) {
            let m = make(result, s, layer: layer, head: head, axis: axis)
            return filter == .all ? m : filter.masked(m, segments: axis.segments)
        }
    }

    /// Attention rollout as the state shows it: words merged and the pair filter applied (never norms: rollout
    /// composes weights).
    func shownRollout(_ result: ForwardPass, _ s: ExplorerState) -> AttentionMatrix {
        let rollout = rollout(result, layer: s.layer, aggregation: s.aggregation, hideSpecial: s.hideSpecial)
        let axis = axis(result, s)
        let filter = AttentionModes.filter(s, segments: axis.segments)
        guard axis.grouping != nil || filter != .all else { return rollout }
        return value("shownRollout/\(s.layer)/\(s.aggregation.rawValue)/\(s.hideSpecial)/\(axis.grouping != nil)/"
                     + filter.rawValue, for: result, cost: axis.count * axis.count) {
            let merged = axis.grouping.map { $0.merge(rollout) } ?? rollout
            return filter == .all ? merged : filter.masked(merged, segments: axis.segments)
        }
    }

    /// `shown`'s matrix before the pair filter, not cached (the Overview keeps only its thumbnails: 72 full
    /// matrices at 512 tokens would overflow the cache).
    func make(_ result: ForwardPass, _ s: ExplorerState, layer: Int, head: Int?, axis: AttentionAxis) -> AttentionMatrix {
        let norms = AttentionModes.showsNorms(s, result)
        let builder = ExportBuilder(output: result.output, tokens: result.encoding.tokens, modelName: "",
                                    valueNorms: norms ? valueNorms(result) : nil)
        let settings = ExportSettings(view: .attention, layer: layer, head: head, aggregation: s.aggregation,
                                      normBased: norms, words: axis.grouping != nil, hideSpecial: s.hideSpecial)
        return builder.attentionMatrix(layer: layer, head: head, settings, grouping: axis.grouping)
    }
}
