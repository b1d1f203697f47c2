/// Gold label indices of a feature table's rows, and scoring of predictions over chosen examples.
public struct LabeledRows: Sendable {
    public let dataset: Dataset
    public let labels: [String]
    public let rowLabels: [Int]
    public let table: FeatureTable

    /// Throws when a label of `dataset` is not among `labels` (naming the file and line).
    public init(dataset: Dataset, table: FeatureTable, labels: [String]) throws {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var rowLabels: [Int] = []
        rowLabels.reserveCapacity(table.meta.rows)
        for (example, word) in zip(table.rowExamples, table.rowWords) {
            let item = dataset.examples[Int(example)]
            let label = dataset.task == .token ? item.tags[Int(word)] : item.label
            guard let value = index[label] else {
                throw TrainingDataError(file: dataset.file, line: item.line, "label \(TextEscaping.quoted(label)) is not one the head knows (\(labels.map { TextEscaping.quoted($0) }.joined(separator: ", ")))")
            }
            rowLabels.append(value)
        }
        self.dataset = dataset
        self.labels = labels
        self.rowLabels = rowLabels
        self.table = table
    }

    /// Rows of `layer` whose example is in `examples` (nil: all), read in bounded chunks.
    public func matrix(layer: Int, examples: Set<Int>?) throws -> (matrix: FeatureMatrix, rows: [Int]) {
        var matrix = FeatureMatrix(columns: table.meta.hiddenSize)
        var rows: [Int] = []
        let d = table.meta.hiddenSize
        // Reserve exactly: growing by doubling would briefly hold up to twice the features (100,000 rows of a
        // 384-wide layer are 154 MB).
        let count = examples.map { set in table.rowExamples.reduce(0) { $0 + (set.contains(Int($1)) ? 1 : 0) } } ?? table.meta.rows
        matrix.values.reserveCapacity(count * d)
        matrix.labels.reserveCapacity(count)
        rows.reserveCapacity(count)
        try table.forEachChunk(layer: layer) { first, count, values in
            for r in 0..<count where examples?.contains(Int(table.rowExamples[first + r])) ?? true {
                matrix.append(UnsafeBufferPointer(rebasing: values[(r * d)..<((r + 1) * d)]), label: rowLabels[first + r])
                rows.append(first + r)
            }
        }
        return (matrix, rows)
    }

    /// Metrics of `predicted` for `rows` (entity-level too for BIO/BIOES token tags).
    public func metrics(rows: [Int], predicted: [Int]) -> ClassificationMetrics {
        let gold = rows.map { rowLabels[$0] }
        var entities: EntityMetrics?
        if dataset.task == .token, EntityMetrics.isChunkScheme(labels) {
            var goldSentences: [[String]] = [], predictedSentences: [[String]] = []
            var last: Int32 = -1
            for (position, row) in rows.enumerated() {
                if table.rowExamples[row] != last {
                    goldSentences.append([])
                    predictedSentences.append([])
                    last = table.rowExamples[row]
                }
                goldSentences[goldSentences.count - 1].append(labels[rowLabels[row]])
                predictedSentences[predictedSentences.count - 1].append(labels[predicted[position]])
            }
            entities = EntityMetrics(gold: goldSentences, predicted: predictedSentences)
        }
        return ClassificationMetrics(gold: gold, predicted: predicted, labels: labels, entities: entities)
    }
}
