/// Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix (`confusion[gold][predicted]`);
/// for token tasks with BIO/BIOES tags, entity-level scores as `seqeval` counts them.
public struct ClassificationMetrics: Sendable, Codable, Equatable {
    public var examples: Int
    public var accuracy: Double
    /// Mean F1 over the classes that occur in the gold or predicted labels (scikit-learn's `average="macro"`).
    public var macroF1: Double
    public var classes: [ClassMetrics]
    public var confusion: [[Int]]
    public var entities: EntityMetrics?

    public init(gold: [Int], predicted: [Int], labels: [String], entities: EntityMetrics? = nil) {
        precondition(gold.count == predicted.count)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (g, p) in zip(gold, predicted) { confusion[g][p] += 1 }
        let correct = (0..<labels.count).reduce(0) { $0 + confusion[$1][$1] }
        let classes = labels.indices.map { k in
            ClassMetrics(label: labels[k], correct: confusion[k][k], predicted: confusion.reduce(0) { $0 + $1[k] },
                         gold: confusion[k].reduce(0, +))
        }
        let present = labels.indices.filter { k in confusion[k].reduce(0, +) > 0 || confusion.contains { $0[k] > 0 } }
        self.classes = classes
        macroF1 = present.isEmpty ? 0 : present.reduce(0) { $0 + classes[$1].f1 } / Double(present.count)
        examples = gold.count
        accuracy = gold.isEmpty ? 0 : Double(correct) / Double(gold.count)
        self.confusion = confusion
        self.entities = entities
    }
}
