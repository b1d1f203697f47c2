/// Where one encoder layer's parameters live in the weight arena.
///
/// Query, key and value are stacked into one `[D, 3·D]` matrix (and their biases into one `[3·D]` vector) so
/// one product projects all three.
struct LayerWeights: Sendable {
    var qkvWeight = WeightMatrix(), qkvBias = 0
    var attentionOutputWeight = WeightMatrix(), attentionOutputBias = 0
    var attentionNormGamma = 0, attentionNormBeta = 0
    var intermediateWeight = WeightMatrix(), intermediateBias = 0
    var outputWeight = WeightMatrix(), outputBias = 0
    var outputNormGamma = 0, outputNormBeta = 0
}
