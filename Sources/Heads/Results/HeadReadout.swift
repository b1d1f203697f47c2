import Encoder

/// Everything the explorer shows from a checkpoint's heads for one forward pass and one selected token, computed
/// together: the masked-LM head only on the rows shown (the selected token at every layer, each `[MASK]` at the
/// last layer, in one batch), the classifiers and the discriminator on the final states.
public struct HeadReadout: Sendable {
    /// The selected token's top-k at layers 0 (embeddings) ... L; empty without a masked-LM head or selection.
    public let selectedLayers: [MaskedLMPrediction]
    /// Each `[MASK]`'s top-k at the last layer, in token order.
    public let masks: [MaskedLMPrediction]
    public let sequence: Classification?
    /// One per token.
    public let tokens: [Classification]?
    /// Per token, the probability that it was replaced (ELECTRA discriminator).
    public let replaced: [Float]?

    public init(heads: ModelHeads, output: EncoderOutput, ids: [Int], maskID: Int?, selected: Int?, topK: Int) {
        var layerQueries: [MaskedLMQuery] = [], maskQueries: [MaskedLMQuery] = []
        if heads.maskedLM != nil {
            if let selected, (0..<output.tokens).contains(selected) {
                layerQueries = output.hiddenStateLayers.map { MaskedLMQuery(layer: $0, position: selected) }
            }
            if let maskID {
                maskQueries = ids.prefix(output.tokens).indices.filter { ids[$0] == maskID }
                    .map { MaskedLMQuery(layer: output.layers, position: $0) }
            }
        }
        let predictions = heads.maskedLM?.predict(output, queries: layerQueries + maskQueries, topK: topK) ?? []
        selectedLayers = Array(predictions.prefix(layerQueries.count))
        masks = Array(predictions.dropFirst(layerQueries.count))
        sequence = heads.sequenceClassifier?.classify(output)
        tokens = heads.tokenClassifier?.classify(output)
        replaced = heads.replacedToken?.probabilities(output)
    }
}
