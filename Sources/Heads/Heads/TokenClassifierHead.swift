import Encoder

/// A token-level classifier (`classifier` on every token's final state), as in `*ForTokenClassification`.
public struct TokenClassifierHead: Sendable {
    /// Label names from `id2label` (`LABEL_0`, ... when the config has none), raw: escape before display.
    public let labels: [String]
    let classifier: DenseLayer

    static func load(config: HeadConfig, tensors: HeadTensors) throws -> TokenClassifierHead {
        let output = try tensors.classifier("classifier", inputs: config.hiddenSize)
        return TokenClassifierHead(
            labels: try HeadLabels.names(config.labels, count: output.outputs, tensor: "classifier.weight"),
            classifier: output)
    }

    /// Scores of every token, from the last layer.
    public func classify(_ output: EncoderOutput) -> [Classification] {
        precondition(output.hiddenSize == classifier.inputs)
        let logits = output.finalStates.withUnsafeBufferPointer { classifier.apply($0.baseAddress!, rows: output.tokens) }
        let n = classifier.outputs
        return (0..<output.tokens).map { t in
            HeadLabels.classification(Array(logits[(t * n)..<((t + 1) * n)]), multiLabel: false)
        }
    }
}
