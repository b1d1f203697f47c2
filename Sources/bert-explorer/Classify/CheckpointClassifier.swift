import Heads
import WordPiece

/// The sequence- or token-classification head a checkpoint carries (config.json's id2label).
struct CheckpointClassifier: ClassifierSource {
    let model: HeadedModel

    var labels: [String] { model.heads.sequenceClassifier?.labels ?? model.heads.tokenClassifier?.labels ?? [] }
    var perToken: Bool { model.heads.sequenceClassifier == nil }

    /// Both heads read the final hidden states only.
    func classify(_ texts: [String], pair: String?) throws -> [ClassifierOutput] {
        try model.encode(texts, pair: pair, capture: .lastHiddenState) { encoding, states in
            if let head = model.heads.sequenceClassifier {
                return ClassifierOutput(encoding: encoding, results: [head.classify(states)])
            }
            return ClassifierOutput(encoding: encoding, results: model.heads.tokenClassifier?.classify(states) ?? [])
        }
    }
}
