/// Fits one head per requested layer on cached features and scores each on the validation rows; the best layer
/// (validation accuracy, then macro-F1) is the one to save.
public struct ProbeTrainer {
    public let options: FitOptions

    public init(options: FitOptions) { self.options = options }

    /// `train` and `validation` hold the labelled rows (they may be the same table, split by example indices).
    public func run(layers: [Int], train: LabeledRows, trainExamples: Set<Int>?, validation: LabeledRows,
                    validationExamples: Set<Int>?, progress: (Int, FitProgress) -> Void,
                    layerDone: (LayerResult) -> Void = { _ in }) throws -> [LayerResult] {
        var results: [LayerResult] = []
        for layer in layers {
            let trainSet = try train.matrix(layer: layer, examples: trainExamples).matrix
            let (validationSet, validationRows) = try validation.matrix(layer: layer, examples: validationExamples)
            let parameters = HeadTrainer(options: options, classes: train.labels.count)
                .fit(train: trainSet, validation: validationSet) { progress(layer, $0) }
            let logits = validationSet.values.withUnsafeBufferPointer { parameters.logits($0.baseAddress!, rows: validationSet.rows) }
            let predicted = (0..<validationSet.rows).map { row -> Int in
                var best = 0
                for k in 1..<parameters.classes where logits[row * parameters.classes + k] > logits[row * parameters.classes + best] { best = k }
                return best
            }
            let result = LayerResult(layer: layer, parameters: parameters, metrics: validation.metrics(rows: validationRows, predicted: predicted))
            layerDone(result)
            results.append(result)
        }
        return results
    }

    /// The best result: highest validation accuracy, then macro-F1, then the earlier layer.
    public static func best(_ results: [LayerResult]) -> LayerResult? {
        results.max { a, b in
            (a.metrics.accuracy, a.metrics.macroF1, -a.layer) < (b.metrics.accuracy, b.metrics.macroF1, -b.layer)
        }
    }
}
