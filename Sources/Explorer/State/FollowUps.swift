import Heads

/// Background work that follows the shown forward pass, what was asked and what came back: the masked-LM head
/// for the selected token (Predictions view) and occlusion attribution (the shown trained head). A result is
/// kept only while it answers the request still standing, so nothing stale is ever drawn.
public struct FollowUps: Sendable {
    public var selectionRequest: SelectionRequest?
    /// The selected token's top-k at every layer, for `selectionRequest`.
    public var selection: [MaskedLMPrediction]?
    public var attributionRequest: AttributionRequest?
    public var attribution: Attribution?

    public init() {}
}
