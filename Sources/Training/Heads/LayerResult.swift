/// The head fitted on one layer and its validation metrics.
public struct LayerResult: Sendable {
    public let layer: Int
    public let parameters: HeadParameters
    public let metrics: ClassificationMetrics

    public var sweepRow: SweepRow {
        SweepRow(layer: layer, accuracy: metrics.accuracy, macroF1: metrics.macroF1, entityF1: metrics.entities?.f1)
    }
}
