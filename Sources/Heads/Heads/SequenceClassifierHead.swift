import Encoder

/// A sentence-level classifier on the first token's final state: `dense → activation → classifier`.
///
/// BERT: `bert.pooler.dense` + tanh, then `classifier`; DistilBERT: `pre_classifier` + ReLU, then `classifier`;
/// ELECTRA: `classifier.dense` + GELU, then `classifier.out_proj`.
public struct SequenceClassifierHead: Sendable {
    /// Label names from `id2label` (`LABEL_0`, ... when the config has none), raw: escape before display.
    public let labels: [String]
    public let multiLabel: Bool
    let pooler: DenseLayer
    let activation: HeadActivation
    let classifier: DenseLayer

    static func load(config: HeadConfig, tensors: HeadTensors) throws -> SequenceClassifierHead {
        let h = config.hiddenSize
        let pooler: String, activation: HeadActivation, classifier: String
        switch config.modelType {
        case "distilbert": (pooler, activation, classifier) = ("pre_classifier", .relu, "classifier")
        case "electra": (pooler, activation, classifier) = ("classifier.dense", .gelu, "classifier.out_proj")
        default:
            let prefix = tensors.contains("bert.pooler.dense.weight") ? "bert." : ""
            (pooler, activation, classifier) = (prefix + "pooler.dense", .tanh, "classifier")
        }
        let output = try tensors.classifier(classifier, inputs: h)
        return SequenceClassifierHead(
            labels: try HeadLabels.names(config.labels, count: output.outputs, tensor: classifier + ".weight"),
            multiLabel: config.multiLabel || output.outputs == 1,
            pooler: try tensors.dense(pooler, inputs: h, outputs: h), activation: activation, classifier: output)
    }

    /// Scores of the sequence, from the first token of the last layer.
    public func classify(_ output: EncoderOutput) -> Classification {
        precondition(output.hiddenSize == pooler.inputs && output.tokens > 0)
        var pooled = output.finalStates.withUnsafeBufferPointer { pooler.apply($0.baseAddress!, rows: 1) }
        pooled.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
        return HeadLabels.classification(classifier.apply(pooled, rows: 1), multiLabel: multiLabel)
    }
}
