/// Label names and scores shared by the classifier heads.
enum HeadLabels {
    /// `id2label` checked against the classifier's rows, or transformers' default names when absent.
    static func names(_ labels: [String]?, count: Int, tensor: String) throws -> [String] {
        guard let labels else { return (0..<count).map { "LABEL_\($0)" } }
        guard labels.count == count else {
            throw HeadLoadError("config.json: id2label has \(labels.count) labels but \(tensor) has \(count) rows")
        }
        return labels
    }

    static func classification(_ logits: [Float], multiLabel: Bool) -> Classification {
        Classification(logits: logits,
                       probabilities: multiLabel ? logits.map(HeadMath.sigmoid) : HeadMath.softmax(logits))
    }
}
