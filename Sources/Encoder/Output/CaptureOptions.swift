/// What `BertModel.forward` keeps. Everything not asked for is neither allocated nor copied: feature
/// extraction (`.lastHiddenState`) does not pay `heads·tokens²` floats per layer for attention it never reads.
public struct CaptureOptions: Sendable, Equatable {
    /// Which hidden states to keep.
    public enum HiddenStates: Sendable, Equatable {
        /// The embedding output and every layer's output (`layers + 1` states).
        case all
        /// Only the last layer's output.
        case last
        case none
    }

    /// Every layer's attention probabilities.
    public var attentions: Bool
    public var hiddenStates: HiddenStates
    /// Every layer's per-head query, key and value vectors (for a neuron view, `inspect --qkv`).
    public var queryKeyValue: Bool
    /// Every layer's per-head, per-token norm ‖f_h(x_j)‖ of the value transformed by the output projection,
    /// for norm-based attention (Kobayashi et al. 2020).
    public var valueNorms: Bool

    public init(attentions: Bool = true, hiddenStates: HiddenStates = .all, queryKeyValue: Bool = false,
                valueNorms: Bool = false) {
        self.attentions = attentions
        self.hiddenStates = hiddenStates
        self.queryKeyValue = queryKeyValue
        self.valueNorms = valueNorms
    }

    /// Attentions and every hidden state: what the explorer shows.
    public static let standard = CaptureOptions()
    /// Only the final hidden states (features for a classifier, corpus statistics).
    public static let lastHiddenState = CaptureOptions(attentions: false, hiddenStates: .last)
    /// Everything, including query/key/value vectors and value norms.
    public static let everything = CaptureOptions(queryKeyValue: true, valueNorms: true)
}
