/// A classifier's scores for one input (sequence task) or one token (token task).
public struct Classification: Sendable, Equatable {
    public let logits: [Float]
    /// Softmax of the logits, or each logit's sigmoid for a multi-label head.
    public let probabilities: [Float]

    public init(logits: [Float], probabilities: [Float]) {
        self.logits = logits
        self.probabilities = probabilities
    }

    /// Index of the most probable label (the first on ties).
    public var best: Int {
        probabilities.indices.max { probabilities[$0] < probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 > $1) } ?? 0
    }
}
