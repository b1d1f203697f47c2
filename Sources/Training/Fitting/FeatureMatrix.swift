/// Feature rows with their label indices, contiguous for BLAS.
public struct FeatureMatrix: Sendable {
    public var values: [Float]
    public var labels: [Int]
    public let columns: Int

    public init(columns: Int, values: [Float] = [], labels: [Int] = []) {
        self.columns = columns
        self.values = values
        self.labels = labels
    }

    public var rows: Int { labels.count }

    public mutating func append(_ row: UnsafeBufferPointer<Float>, label: Int) {
        values.append(contentsOf: row)
        labels.append(label)
    }
}
