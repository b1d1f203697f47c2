/// What a loaded weight is for in the generic post-LayerNorm encoder: the canonical slots that every
/// architecture's tensor names (`TensorNames`) map onto.
enum WeightSlot: Hashable, Sendable {
    case positionEmbeddings, tokenTypeEmbeddings, embeddingNormWeight, embeddingNormBias
    /// ELECTRA's `embeddings_project` (embedding size to hidden size), when the two differ.
    case embeddingProjectionWeight, embeddingProjectionBias
    case layer(Int, Layer)

    /// The slots of one encoder layer.
    enum Layer: Hashable, Sendable, CaseIterable {
        case qkvWeight, qkvBias, attentionOutputWeight, attentionOutputBias, norm1Weight, norm1Bias
        case ffnInWeight, ffnInBias, ffnOutWeight, ffnOutBias, norm2Weight, norm2Bias
    }
}
