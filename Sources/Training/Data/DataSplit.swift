import SeededRandom

/// A deterministic split of example indices into training and validation: stratified by label for the sentence
/// task (every label with at least 2 examples gets at least one on each side), by sentence for the token task.
public enum DataSplit {
    public static func split(_ dataset: Dataset, fraction: Double, seed: UInt64) -> (train: [Int], validation: [Int]) {
        var generator = SeededGenerator(seed: seed ^ 0x5B11_7000)
        var train: [Int] = [], validation: [Int] = []
        switch dataset.task {
        case .sentence:
            var byLabel: [String: [Int]] = [:]
            for (index, example) in dataset.examples.enumerated() { byLabel[example.label, default: []].append(index) }
            for label in byLabel.keys.sorted() {
                var indices = byLabel[label]!
                indices.shuffle(using: &generator)
                var count = Int((Double(indices.count) * fraction).rounded())
                if indices.count >= 2 { count = min(max(count, 1), indices.count - 1) }
                validation += indices.prefix(count)
                train += indices.dropFirst(count)
            }
        case .token:
            var indices = Array(dataset.examples.indices)
            indices.shuffle(using: &generator)
            let count = min(max(Int((Double(indices.count) * fraction).rounded()), 1), max(indices.count - 1, 0))
            validation = Array(indices.prefix(count))
            train = Array(indices.dropFirst(count))
        }
        return (train.sorted(), validation.sorted())
    }
}
