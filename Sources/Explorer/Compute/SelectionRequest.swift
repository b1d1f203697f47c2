/// The masked-LM head for the selected token at every layer of a shown pass (the Predictions view). Equal
/// when they ask the same (the pass is carried, not compared).
public struct SelectionRequest: Sendable, Equatable {
    public let generation: Int
    public let token: Int
    let pass: ForwardPass

    /// What the Predictions view needs for `pass` (the current pass), nil when it is not shown or the model
    /// has no masked-LM head.
    init?(state s: ExplorerState, pass: ForwardPass) {
        guard s.view == .predictions, s.heads?.heads.maskedLM != nil, !pass.encoding.tokens.isEmpty else { return nil }
        generation = pass.generation
        token = min(max(0, s.selectedToken), pass.encoding.tokens.count - 1)
        self.pass = pass
    }

    public static func == (a: SelectionRequest, b: SelectionRequest) -> Bool {
        a.generation == b.generation && a.token == b.token && a.pass.encoding.ids == b.pass.encoding.ids
    }
}
