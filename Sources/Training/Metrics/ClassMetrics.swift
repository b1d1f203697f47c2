/// Precision, recall and F1 of one class (or entity type), with its support (gold count).
public struct ClassMetrics: Sendable, Codable, Equatable {
    public var label: String
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var support: Int

    public init(label: String, correct: Int, predicted: Int, gold: Int) {
        self.label = label
        precision = predicted > 0 ? Double(correct) / Double(predicted) : 0
        recall = gold > 0 ? Double(correct) / Double(gold) : 0
        f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        support = gold
    }
}
