import Heads

/// The background work that follows a shown pass, asked for as effects like the forward pass itself.
extension ExplorerReducer {
    /// The effects the state needs now: the selected token's masked-LM top-k while the Predictions view shows,
    /// occlusion attribution for the shown trained head, each asked once per pass and selection; a cancel as
    /// soon as the text moves on from the pass (a stale result is then never shown).
    public func followUps(_ s: inout ExplorerState) -> [ExplorerEffect] {
        var effects: [ExplorerEffect] = []
        let pass = s.resultIsCurrent ? s.result : nil
        let selection = pass.flatMap { SelectionRequest(state: s, pass: $0) }
        if selection != s.followUps.selectionRequest {
            s.followUps.selectionRequest = selection
            s.followUps.selection = nil
            effects.append(selection.map { .predictSelection($0) } ?? .cancelSelection)
        }
        let attribution = pass.flatMap { AttributionRequest(state: s, pass: $0) }
        if attribution != s.followUps.attributionRequest {
            s.followUps.attributionRequest = attribution
            s.followUps.attribution = nil
            effects.append(attribution.map { .attribute($0) } ?? .cancelAttribution)
        }
        return effects
    }

    /// Applies a finished forward pass and asks for what follows it.
    public func land(_ state: ExplorerState, _ result: ForwardPass) -> ExplorerUpdate {
        var s = receive(state, result)
        let effects = followUps(&s)
        return ExplorerUpdate(state: s, effects: effects)
    }

    /// Keeps attribution only if it answers the request still standing.
    public func receive(_ state: ExplorerState, attribution: Attribution, for request: AttributionRequest) -> ExplorerState {
        var s = state
        if request == s.followUps.attributionRequest { s.followUps.attribution = attribution }
        return s
    }

    /// Keeps the selected token's predictions only if they answer the request still standing.
    public func receive(_ state: ExplorerState, selection: [MaskedLMPrediction], for request: SelectionRequest) -> ExplorerState {
        var s = state
        if request == s.followUps.selectionRequest { s.followUps.selection = selection }
        return s
    }
}
