/// `head.json`: everything needed to run a head again and to know where it came from.
public struct HeadMetadata: Sendable, Codable, Equatable {
    public var format = "bert-explorer-head"
    public var version = 1
    public var task: TrainingTask
    public var labels: [String]
    /// Hidden-state index read: 0 = embeddings, 1...L = encoder layers.
    public var layer: Int
    public var pooling: Pooling
    public var head: HeadKind
    public var hidden: Int
    public var encoderName: String
    public var encoderFingerprint: String
    public var dataFile: String
    public var dataHash: String
    public var columns: DataColumns
    public var examples: Int
    public var truncated: Int
    public var fit: FitOptions
    /// Validation metrics of the saved head.
    public var metrics: ClassificationMetrics?
    /// Per-layer validation scores when trained with `--layer all`.
    public var sweep: [SweepRow]?

    public init(task: TrainingTask, labels: [String], layer: Int, pooling: Pooling, head: HeadKind, hidden: Int,
                encoderName: String, encoderFingerprint: String, dataFile: String, dataHash: String,
                columns: DataColumns, examples: Int, truncated: Int, fit: FitOptions,
                metrics: ClassificationMetrics?, sweep: [SweepRow]?) {
        self.task = task
        self.labels = labels
        self.layer = layer
        self.pooling = pooling
        self.head = head
        self.hidden = hidden
        self.encoderName = encoderName
        self.encoderFingerprint = encoderFingerprint
        self.dataFile = dataFile
        self.dataHash = dataHash
        self.columns = columns
        self.examples = examples
        self.truncated = truncated
        self.fit = fit
        self.metrics = metrics
        self.sweep = sweep
    }

    enum CodingKeys: String, CodingKey {
        case format, version, task, labels, layer, pooling, head, hidden
        case encoderName = "encoder_name", encoderFingerprint = "encoder_fingerprint"
        case dataFile = "data_file", dataHash = "data_hash", columns, examples, truncated, fit, metrics, sweep
    }
}
