import Foundation

/// A complete feature-cache entry, read one layer at a time in bounded chunks.
public struct FeatureTable: Sendable {
    public let directory: URL
    public let meta: FeatureTableMeta
    /// The example index of each row.
    public let rowExamples: [Int32]
    /// The word index of each row (token task; 0 for the sentence task).
    public let rowWords: [Int32]

    public init(directory: URL) throws {
        self.directory = directory
        meta = try JSONDecoder().decode(FeatureTableMeta.self, from: Data(contentsOf: directory.appendingPathComponent("meta.json")))
        let rowsData = try Data(contentsOf: directory.appendingPathComponent("rows.i32"))
        guard rowsData.count == meta.rows * 4 else { throw TrainingDataError(file: directory.path, "the cache entry is incomplete") }
        rowExamples = rowsData.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
        let wordsData = try Data(contentsOf: directory.appendingPathComponent("words.i32"))
        guard wordsData.count == meta.rows * 4 else { throw TrainingDataError(file: directory.path, "the cache entry is incomplete") }
        rowWords = wordsData.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
        for layer in meta.layers {
            let attributes = try FileManager.default.attributesOfItem(atPath: url(layer).path)
            guard (attributes[.size] as? Int) == meta.rows * meta.hiddenSize * 4 else {
                throw TrainingDataError(file: directory.path, "the cache entry is incomplete")
            }
        }
    }

    func url(_ layer: Int) -> URL { directory.appendingPathComponent("layer-\(layer).f32") }

    /// Streams layer `layer`'s rows in chunks of at most `chunkRows`: `body(firstRow, rows, floats)`.
    public func forEachChunk(layer: Int, chunkRows: Int = 4096,
                             _ body: (Int, Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url(layer))
        defer { try? handle.close() }
        let d = meta.hiddenSize
        var row = 0
        while row < meta.rows {
            let count = min(chunkRows, meta.rows - row)
            guard let data = try handle.read(upToCount: count * d * 4), data.count == count * d * 4 else {
                throw TrainingDataError(file: url(layer).path, "the cache file is shorter than its meta.json says")
            }
            try data.withUnsafeBytes { try body(row, count, $0.bindMemory(to: Float.self)) }
            row += count
        }
    }
}
