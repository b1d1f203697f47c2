/// Offsets into the weight arena of one encoder layer's parameters.
///
/// Matrices keep PyTorch's `[out, in]` layout; query, key and value are stacked into one `[3·D, D]` matrix
/// (and their biases into one `[3·D]` vector) so one GEMM projects all three.
struct LayerWeights: Sendable {
    var qkvWeight = 0, qkvBias = 0
    var attentionOutputWeight = 0, attentionOutputBias = 0
    var attentionNormGamma = 0, attentionNormBeta = 0
    var intermediateWeight = 0, intermediateBias = 0
    var outputWeight = 0, outputBias = 0
    var outputNormGamma = 0, outputNormBeta = 0
}
