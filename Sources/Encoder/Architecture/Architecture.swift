/// The encoder families that load into the one generic post-LayerNorm encoder (`BertModel`); the raw value is
/// `config.json`'s `model_type`.
public enum Architecture: String, Sendable, CaseIterable {
    case bert
    case distilbert
    case electra

    /// Where this family keeps each canonical weight in a checkpoint.
    public var tensorNames: TensorNames {
        switch self {
        case .bert: return .bert
        case .distilbert: return .distilBERT
        case .electra: return .electra
        }
    }
}
