import Analysis

/// Keys that more than one view binds (each view lists the ones it honours, so elsewhere they are refused).
enum SharedKeys {
    /// `[ ]`: the focused key (a column of the heatmap, a row of the token view).
    static func focusKey(for id: ViewID) -> KeyBinding {
        KeyBinding(.view(id), [.character("["), .character("]")], keys: "[ ]", action: "move the focused key",
                   hint: "[ ] key") { s, e in
            s.focusKey = s.stepped(s.focusKey, by: e == .character("[") ? -1 : 1)
            return .done
        }
    }

    /// `a`: how all heads combine; with one head selected there is nothing to combine.
    static func aggregation(for id: ViewID) -> KeyBinding {
        KeyBinding(.view(id), [.character("a")], keys: "a", action: "all heads: mean or max", hint: "a mean/max") { s, _ in
            guard s.head == nil else {
                return .refused("a: mean/max combines all heads; head \(s.head! + 1) is selected (Tab to \"all heads\")")
            }
            s.aggregation = s.aggregation == .mean ? .max : .mean
            return .done
        }
    }

    /// `x`: hide `[CLS]`/`[SEP]` and renormalise.
    static func hideSpecial(for id: ViewID) -> KeyBinding {
        KeyBinding(.view(id), [.character("x")], keys: "x", action: "hide `[CLS]`/`[SEP]`, renormalise rows",
                   hint: "x cls/sep") { s, _ in
            s.hideSpecial.toggle()
            s.skipHiddenSelection()
            return .done
        }
    }

    /// The keys of the views that show attention between tokens (Attention, Token): these and the modes'
    /// (`AttentionModes`: `n`, `p`, `m`).
    static func attention(for id: ViewID) -> [KeyBinding] {
        [focusKey(for: id), aggregation(for: id), hideSpecial(for: id),
         AttentionModes.normsKey(for: id), AttentionModes.pairKey(for: id), AttentionModes.wordsKey(for: id)]
    }
}
