/// `meta.json` of a feature-cache entry.
public struct FeatureTableMeta: Codable, Sendable, Equatable {
    public var layers: [Int]
    public var hiddenSize: Int
    public var rows: Int
    public var examples: Int
    /// Examples cut to the model's maximum length.
    public var truncated: Int
}
