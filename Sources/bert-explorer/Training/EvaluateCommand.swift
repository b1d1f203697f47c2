import ArgumentParser
import Foundation
import Heads
import SafeText
import Training

/// `bert-explorer evaluate`: score a trained head on labelled data.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a head trained by train on labelled data: accuracy, macro-F1, per-class scores, confusion matrix.",
        discussion: """
            The columns default to those the head was trained with. Token heads report accuracy over first \
            sub-word tokens and, for BIO/BIOES tags, entity-level precision/recall/F1 counted as seqeval does.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Head directory written by train.")
    var head: String

    @OptionGroup var dataOptions: DataOptions

    @Flag(help: "Print the metrics as one JSON object.")
    var json = false

    func run() throws {
        let context = try EncoderContext(directory: try modelOptions.directory())
        let classifier = try TrainedHeadClassifier(headDirectory: URL(fileURLWithPath: head), context: context)
        let metadata = classifier.head.metadata
        let columns = dataOptions.columns(defaults: metadata.columns)
        let dataset = try CommandFailure.wrap { try Dataset.load(path: dataOptions.data, task: metadata.task, columns: columns) }
        let features = try context.features(dataset, columns: columns, layers: [metadata.layer], pooling: metadata.pooling)
        let rows = try CommandFailure.wrap { try LabeledRows(dataset: dataset, table: features.table, labels: metadata.labels) }
        let (matrix, indices) = try CommandFailure.wrap { try rows.matrix(layer: metadata.layer, examples: nil) }
        // The same "first on ties" choice `classify` makes.
        let predicted = classifier.head.classifications(matrix.values).map(\.best)
        let metrics = rows.metrics(rows: indices, predicted: predicted)

        let output = OutputBuffer(descriptor: 1)
        defer { output.flush() }
        let text: String
        if json {
            var object = MetricsJSON.object(metrics)
            object["labels"] = metadata.labels
            object["data"] = dataOptions.data
            object["truncated"] = features.table.meta.truncated
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            text = String(decoding: data, as: UTF8.self) + "\n"
        } else {
            text = MetricsText.render(metrics, labels: metadata.labels, header: "data: \(TerminalText.escaped(dataOptions.data)): \(dataset.examples.count) \(metadata.task == .token ? "sentences, \(matrix.rows) words" : "examples"), \(features.table.meta.truncated) truncated to the model's length")
        }
        output.write { $0.append(contentsOf: Array(text.utf8)) }
    }
}
