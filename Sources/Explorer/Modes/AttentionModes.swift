import Analysis

/// Settings the attention views (Attention, Token, Overview) share, and their keys: norm-based attention
/// (`n`), sentence-pair filters (`p`) and the word view (`m`). Each key refuses, with a status line and no change,
/// where it cannot apply.
enum AttentionModes {
    /// `n`: `‖α_ij f_h(x_j)‖` (Kobayashi et al. 2020) instead of the weights `α_ij`.
    static let normBased = ViewStateKey("attention.normBased", default: false)
    /// `m`: `##` pieces merged into words (to a word = sum over pieces, from a word = mean).
    static let words = ViewStateKey("attention.words", default: false)
    /// `p`: which part of a sentence pair's attention (bertviz's filters).
    static let pairFilter = ViewStateKey("attention.pairFilter", default: PairFilter.all)

    /// The legend's and header's name for the values shown.
    static let normLabel = "‖αf(x)‖"

    /// The filter in force: the one chosen, on a sentence pair; `all` on one sentence.
    static func filter(_ s: ExplorerState, segments: [Int]) -> PairFilter {
        PairFilter.boundary(segments) == nil ? .all : s.views[pairFilter]
    }

    /// True when norm-based attention is on and the result carries the value norms it needs.
    static func showsNorms(_ s: ExplorerState, _ result: ForwardPass) -> Bool {
        s.views[normBased] && !result.output.valueNorms.isEmpty
    }

    /// `n`: weights ↔ norms. Refused without value norms, and in rollout (which composes weights only).
    static func normsKey(for id: ViewID) -> KeyBinding {
        KeyBinding(.view(id), [.character("n")], keys: "n",
                   action: "attention weights α ↔ norm-based attention \(normLabel) (Kobayashi et al. 2020)",
                   hint: "n norms") { s, _ in
            guard let result = s.result else { return .refused("n: no encoder result yet") }
            guard !result.output.valueNorms.isEmpty else {
                return .refused("n: this encoder result carries no value norms ‖f(x)‖")
            }
            if s.view == .attention && s.views[AttentionHeatmapView.rollout] {
                return .refused("n: rollout composes weights only; r turns rollout off")
            }
            s.views[normBased].toggle()
            return .done
        }
    }

    /// `p`: all → A→B → B→A → A→A → B→B. Refused on a single sentence.
    static func pairKey(for id: ViewID) -> KeyBinding {
        KeyBinding(.view(id), [.character("p")], keys: "p", action: "sentence-pair filter: all, A→B, B→A, A→A, B→B (input `A ||| B`)",
                   hint: "p pair") { s, _ in
            let segments = (s.result?.encoding ?? s.encoding).segments
            guard PairFilter.boundary(segments) != nil else {
                return .refused("p: pair filters need a sentence pair; type `first sentence ||| second sentence`")
            }
            s.views[pairFilter] = s.views[pairFilter].next
            return .done
        }
    }

    /// `m`: tokens ↔ words.
    static func wordsKey(for id: ViewID) -> KeyBinding {
        KeyBinding(.view(id), [.character("m")], keys: "m",
                   action: "merge ## pieces into words (to a word: sum over pieces, from a word: mean)",
                   hint: "m words") { s, _ in
            s.views[words].toggle()
            s.skipHiddenSelection()
            return .done
        }
    }

    /// The short labels of the modes in force, for the tab line (`‖αf(x)‖`, `words`, `A→B`).
    static func labels(_ s: ExplorerState) -> [String] {
        let view = ViewRegistry.view(s.view)
        guard view.mergesWords, let result = s.result else { return [] }
        var out: [String] = []
        if showsNorms(s, result) && !(s.view == .attention && s.views[AttentionHeatmapView.rollout]) { out.append(normLabel) }
        if s.views[words] { out.append("words") }
        let filter = filter(s, segments: result.encoding.segments)
        if filter != .all && view.keys.contains(where: { $0.keys == "p" }) { out.append(filter.label) }
        return out
    }
}
