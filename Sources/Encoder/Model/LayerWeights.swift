/// Where one encoder layer's parameters live in the weight arena.
///
/// Query, key and value are stacked into one `[D, 3·D]` matrix (and their biases into one `[3·D]` vector) so
/// one product projects all three.
struct LayerWeights: Sendable {
    let qkvWeight: WeightMatrix, qkvBias: Int
    let attentionOutputWeight: WeightMatrix, attentionOutputBias: Int
    let attentionNormGamma: Int, attentionNormBeta: Int
    let intermediateWeight: WeightMatrix, intermediateBias: Int
    let outputWeight: WeightMatrix, outputBias: Int
    let outputNormGamma: Int, outputNormBeta: Int

    init(_ weights: LoadedWeights, layer: Int) {
        func vector(_ slot: WeightSlot.Layer) -> Int { weights.vector(.layer(layer, slot)) }
        func matrix(_ slot: WeightSlot.Layer) -> WeightMatrix { weights.matrix(.layer(layer, slot)) }
        qkvWeight = matrix(.qkvWeight)
        qkvBias = vector(.qkvBias)
        attentionOutputWeight = matrix(.attentionOutputWeight)
        attentionOutputBias = vector(.attentionOutputBias)
        attentionNormGamma = vector(.norm1Weight)
        attentionNormBeta = vector(.norm1Bias)
        intermediateWeight = matrix(.ffnInWeight)
        intermediateBias = vector(.ffnInBias)
        outputWeight = matrix(.ffnOutWeight)
        outputBias = vector(.ffnOutBias)
        outputNormGamma = vector(.norm2Weight)
        outputNormBeta = vector(.norm2Bias)
    }
}
