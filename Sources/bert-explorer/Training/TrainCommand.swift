import ArgumentParser
import Foundation
import Training

/// `bert-explorer train`: fit a small head on the frozen encoder's features.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a classifier or tagger head on the frozen encoder (or probe every layer with --layer all).",
        discussion: """
            Features come from one forward pass over the data (every core; short sentences stacked, a stack per thread) and are cached \
            under $BERT_EXPLORER_CACHE, else $XDG_CACHE_HOME/bert-explorer/features, else \
            ~/.cache/bert-explorer/features (delete that directory to clear it), so another train with other head \
            settings starts fitting at once. Writes DIR/head.safetensors and DIR/head.json.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions

    @Option(help: "sentence: one label per text; token: one tag per word (CoNLL data).")
    var task: TrainingTask = .sentence

    @Option(help: "Hidden state to read: 0 (embeddings) to the last layer, or all for a probe sweep (default: the last).")
    var layer: String?

    @Option(help: "Sentence task: cls, mean or pooler (the checkpoint's pooler, last layer only).")
    var pool: Pooling = .cls

    @Option(help: "linear (softmax regression, L-BFGS) or mlp (one ReLU hidden layer, Adam).")
    var head: HeadKind = .linear

    @Option(help: "Hidden units of the mlp head.")
    var hidden = 256

    @Option(help: "Maximum epochs (Adam) or iterations (L-BFGS) (default: 300 for linear, 40 for mlp).")
    var epochs: Int?

    @Option(name: .customLong("learning-rate"), help: "Adam learning rate (mlp).")
    var learningRate: Float = 1e-3

    @Option(help: "L2 penalty on the weights: loss = mean cross-entropy + l2/2·‖W‖².")
    var l2: Float = 1e-4

    @Option(help: "Stop after this many epochs (or L-BFGS iterations) without a lower validation loss (default: 20 for linear, 4 for mlp).")
    var patience: Int?

    @Option(help: "Seed for the split, the initial weights and the batch order.")
    var seed: UInt64 = 0

    @Option(help: "Fraction of the data held out for validation (ignored with --eval).")
    var validation = 0.1

    @Option(name: .customLong("eval"), help: "Validation data file (instead of a held-out fraction).")
    var evalFile: String?

    @Option(help: "Directory for head.safetensors and head.json.")
    var out: String

    @Flag(name: .customLong("no-cache"), help: "Recompute the features even if cached.")
    var noCache = false

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    @Flag(help: "No per-epoch progress lines on stderr.")
    var quiet = false

    func validate() throws {
        guard validation > 0, validation < 1 else { throw CommandFailure("--validation must be between 0 and 1, got \(validation)") }
        guard hidden > 0, hidden <= 65_536 else { throw CommandFailure("--hidden must be 1 to 65536, got \(hidden)") }
        if let epochs, epochs < 1 { throw CommandFailure("--epochs must be at least 1, got \(epochs)") }
        if let patience, patience < 1 { throw CommandFailure("--patience must be at least 1, got \(patience)") }
        guard l2 >= 0, learningRate > 0 else { throw CommandFailure("--l2 must be ≥ 0 and --learning-rate > 0") }
    }

    func run() throws {
        let context = try EncoderContext(directory: try modelOptions.directory(), useCache: !noCache)
        let layerCount = context.model.config.layers
        let layers: [Int]
        switch layer {
        case nil: layers = [layerCount]
        case "all": layers = Array(0...layerCount)
        case let text?:
            guard let value = Int(text), (0...layerCount).contains(value) else {
                throw CommandFailure("--layer must be all or 0 to \(layerCount) (0 = embeddings), got \(TextEscaping.quoted(text))")
            }
            layers = [value]
        }
        let pooling = task == .token ? Pooling.cls : pool
        try context.checkPooling(pooling, layers: layers)
        let columns = dataOptions.columns()
        let dataset = try CommandFailure.wrap { try Dataset.load(path: dataOptions.data, task: task, columns: columns) }
        try CommandFailure.wrap { try dataset.requireEveryLabelTwice() }
        let labels = dataset.labelsInOrder.sorted()
        guard labels.count >= 2 else {
            throw CommandFailure("\(dataOptions.data): only one label (\(TextEscaping.quoted(labels[0]))); a classifier needs at least 2")
        }

        let trainFeatures = try context.features(dataset, columns: columns, layers: layers, pooling: pooling)
        let trainRows = try CommandFailure.wrap { try LabeledRows(dataset: dataset, table: trainFeatures.table, labels: labels) }
        var validationRows = trainRows
        var trainExamples: Set<Int>?, validationExamples: Set<Int>?
        var validationCount: Int, truncated = trainFeatures.table.meta.truncated
        if let evalFile {
            let evalSet = try CommandFailure.wrap { try Dataset.load(path: evalFile, task: task, columns: columns) }
            let evalFeatures = try context.features(evalSet, columns: columns, layers: layers, pooling: pooling)
            validationRows = try CommandFailure.wrap { try LabeledRows(dataset: evalSet, table: evalFeatures.table, labels: labels) }
            validationCount = evalSet.examples.count
            truncated += evalFeatures.table.meta.truncated
        } else {
            let split = DataSplit.split(dataset, fraction: validation, seed: seed)
            trainExamples = Set(split.train)
            validationExamples = Set(split.validation)
            validationCount = split.validation.count
        }
        if task == .sentence {
            let present = Set(validationRows.rowLabels.enumerated().filter { validationExamples?.contains(Int(validationRows.table.rowExamples[$0.offset])) ?? true }.map(\.element))
            if let missing = labels.indices.first(where: { !present.contains($0) }) {
                throw CommandFailure("\(evalFile ?? dataOptions.data): class \(TextEscaping.quoted(labels[missing])) has no example in the validation data")
            }
        }

        let options = FitOptions(kind: head, hidden: hidden, epochs: epochs, learningRate: learningRate, l2: l2, seed: seed, patience: patience)
        let results = try CommandFailure.wrap {
            try ProbeTrainer(options: options).run(
                layers: layers, train: trainRows, trainExamples: trainExamples, validation: validationRows,
                validationExamples: validationExamples,
                progress: { layer, step in report(layer: layer, step) },
                layerDone: { result in
                    guard !quiet, layers.count > 1 else { return }
                    FileHandle.standardError.write(Data(String(format: "layer %d: validation accuracy %.4f, macro-F1 %.4f\n",
                                                               result.layer, result.metrics.accuracy, result.metrics.macroF1).utf8))
                })
        }
        guard let best = ProbeTrainer.best(results) else { throw CommandFailure("no layer was trained") }
        let sweep = layers.count > 1 ? results.map(\.sweepRow) : nil
        let metadata = HeadMetadata(
            task: task, labels: labels, layer: best.layer, pooling: pooling, head: head, hidden: head == .mlp ? hidden : 0,
            encoderName: context.model.name, encoderFingerprint: try context.fingerprint.value(), dataFile: dataOptions.data,
            dataHash: dataset.contentHash, columns: columns, examples: dataset.examples.count, truncated: truncated,
            fit: options, metrics: best.metrics, sweep: sweep)
        try CommandFailure.wrap { try TrainedHead(metadata: metadata, parameters: best.parameters).save(to: URL(fileURLWithPath: out)) }

        let summary = TrainingSummary(head: out, metadata: metadata, trainCount: dataset.examples.count - (evalFile == nil ? validationCount : 0),
                                      validationCount: validationCount, cached: trainFeatures.cached,
                                      featureSeconds: trainFeatures.seconds, cacheDirectory: trainFeatures.table.directory.path)
        let output = OutputBuffer(descriptor: 1)
        defer { output.flush() }
        output.write { bytes in bytes.append(contentsOf: Array((json ? summary.json() : summary.text()).utf8)) }
    }

    /// One progress line per epoch (Adam) or every 10 L-BFGS iterations.
    private func report(layer: Int, _ step: FitProgress) {
        guard !quiet, head == .mlp || step.epoch % 10 == 0 else { return }
        var line = String(format: "layer %d epoch %d: loss %.4f", layer, step.epoch, step.loss)
        if let loss = step.validationLoss, let accuracy = step.validationAccuracy {
            line += String(format: ", validation loss %.4f, accuracy %.4f", loss, accuracy)
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension TrainingTask: ExpressibleByArgument {}
extension Pooling: ExpressibleByArgument {}
extension HeadKind: ExpressibleByArgument {}
