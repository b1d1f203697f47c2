import Encoder

/// ELECTRA's discriminator (`discriminator_predictions`): per token, the probability that it was replaced.
public struct ReplacedTokenHead: Sendable {
    let dense: DenseLayer
    let activation: HeadActivation
    let prediction: DenseLayer

    static func load(config: HeadConfig, tensors: HeadTensors) throws -> ReplacedTokenHead {
        let h = config.hiddenSize
        guard let activation = HeadActivation(configName: config.activationName) else {
            throw HeadLoadError("config.json: hidden_act \"\(config.activationName.prefix(40))\" is not supported by the discriminator head")
        }
        return ReplacedTokenHead(
            dense: try tensors.dense("discriminator_predictions.dense", inputs: h, outputs: h), activation: activation,
            prediction: try tensors.dense("discriminator_predictions.dense_prediction", inputs: h, outputs: 1))
    }

    /// The logit of every token (sigmoid gives the probability), from the last layer.
    public func logits(_ output: EncoderOutput) -> [Float] {
        precondition(output.hiddenSize == dense.inputs)
        var hidden = output.finalStates.withUnsafeBufferPointer { dense.apply($0.baseAddress!, rows: output.tokens) }
        hidden.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
        return prediction.apply(hidden, rows: output.tokens)
    }

    /// The probability that each token was replaced.
    public func probabilities(_ output: EncoderOutput) -> [Float] {
        logits(output).map(HeadMath.sigmoid)
    }
}
