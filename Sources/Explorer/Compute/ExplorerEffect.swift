import WordPiece

/// Work the reducer asks for; the session carries it out (the reducer itself does no I/O).
public enum ExplorerEffect: Sendable, Equatable {
    /// Run the encoder on these tokens (superseding any run in progress).
    case forward(Encoding)
    /// Drop whatever run is in progress or queued: the tokens are empty or already shown.
    case cancelForward
    /// Run the masked-LM head for the selected token at every layer (the Predictions view).
    case predictSelection(SelectionRequest)
    case cancelSelection
    /// Compute occlusion attribution for the shown trained head (superseding any in progress).
    case attribute(AttributionRequest)
    /// Drop attribution in progress: the text moved on from the pass it explains.
    case cancelAttribution
}
