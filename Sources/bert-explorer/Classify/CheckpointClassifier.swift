import Heads
import WordPiece

/// The sequence- or token-classification head a checkpoint carries (config.json's id2label).
struct CheckpointClassifier: ClassifierSource {
    let model: HeadedModel

    var labels: [String] { model.heads.sequenceClassifier?.labels ?? model.heads.tokenClassifier?.labels ?? [] }
    var perToken: Bool { model.heads.sequenceClassifier == nil }

    func classify(_ text: String, pair: String?) throws -> ClassifierOutput {
        let (encoding, states) = try model.encode(text, pair: pair)
        if let head = model.heads.sequenceClassifier {
            return ClassifierOutput(encoding: encoding, results: [head.classify(states)])
        }
        return ClassifierOutput(encoding: encoding, results: model.heads.tokenClassifier?.classify(states) ?? [])
    }
}
