import Encoder
import Foundation

/// Features of a data file for chosen layers: from the cache when an entry matches, else computed by the
/// extractor and streamed into a new entry.
public struct FeaturePipeline: Sendable {
    public let extractor: FeatureExtractor
    public let encoderFingerprint: EncoderFingerprint
    public let cache: FeatureCache
    /// False to always recompute (the new entry still replaces the old one).
    public let useCache: Bool

    public init(extractor: FeatureExtractor, encoderFingerprint: EncoderFingerprint, cache: FeatureCache,
                useCache: Bool = true) {
        self.extractor = extractor
        self.encoderFingerprint = encoderFingerprint
        self.cache = cache
        self.useCache = useCache
    }

    /// The table and whether it came from the cache. `progress(done, total)` runs while computing.
    public func features(_ dataset: Dataset, columns: DataColumns, layers: [Int], pooling: Pooling,
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> (table: FeatureTable, cached: Bool) {
        let key = FeatureCache.key(encoder: try encoderFingerprint.value(), data: dataset.contentHash, task: dataset.task, pooling: pooling, columns: columns, maxPositions: extractor.model.config.maxPositions)
        if useCache, let table = cache.entry(key), table.meta.examples == dataset.examples.count,
           Set(layers).isSubset(of: table.meta.layers) {
            return (table, true)
        }
        let writer = try cache.writer(key, layers: layers, hiddenSize: extractor.hiddenSize)
        let total = dataset.examples.count
        try extractor.extract(dataset.examples, task: dataset.task, layers: layers, pooling: pooling,
                              progress: { progress($0, total) }) { index, features in
            try writer.append(index, features)
        }
        return (try writer.finish(), false)
    }
}
