import Foundation

/// Appends feature rows to a new cache entry: one float32 file per layer (`layer-N.f32`, rows × hidden size)
/// `rows.i32` (the example index of each row) and `words.i32` (the word index of each row, token task), then `meta.json`; `finish` renames the directory into place.
public final class FeatureCacheWriter {
    public let layers: [Int]
    public let hiddenSize: Int
    private let temporary: URL
    private let final: URL
    private var handles: [FileHandle] = []
    private let rowsHandle: FileHandle
    private let wordsHandle: FileHandle
    private var rows = 0, examples = 0, truncated = 0
    private var finished = false

    init(root: URL, key: String, layers: [Int], hiddenSize: Int) throws {
        self.layers = layers
        self.hiddenSize = hiddenSize
        final = root.appendingPathComponent(key)
        temporary = root.appendingPathComponent(".\(key).partial-\(ProcessInfo.processInfo.processIdentifier)")
        let directory = temporary
        try? FileManager.default.removeItem(at: directory)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TrainingDataError(file: directory.path, "cannot write the feature cache (\((error as NSError).localizedDescription))")
        }
        handles = try layers.map { try Self.create(directory, "layer-\($0).f32") }
        rowsHandle = try Self.create(directory, "rows.i32")
        wordsHandle = try Self.create(directory, "words.i32")
    }

    private static func create(_ directory: URL, _ name: String) throws -> FileHandle {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: url) else {
            throw TrainingDataError(file: url.path, "cannot create the feature cache file")
        }
        return handle
    }

    deinit {
        if !finished {
            for handle in handles { try? handle.close() }
            try? rowsHandle.close()
            try? wordsHandle.close()
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    /// Appends the rows of example `index`.
    public func append(_ index: Int, _ features: SentenceFeatures) throws {
        for (handle, vector) in zip(handles, features.vectors) {
            try vector.withUnsafeBytes { try handle.write(contentsOf: $0) }
        }
        let ids = [Int32](repeating: Int32(index), count: features.rows)
        try ids.withUnsafeBytes { try rowsHandle.write(contentsOf: $0) }
        try features.words.map { Int32($0) }.withUnsafeBytes { try wordsHandle.write(contentsOf: $0) }
        rows += features.rows
        examples += 1
        if features.encoding.truncated { truncated += 1 }
    }

    /// Writes `meta.json` and moves the entry into place; returns it opened.
    public func finish() throws -> FeatureTable {
        for handle in handles { try handle.close() }
        try rowsHandle.close()
        try wordsHandle.close()
        let meta = FeatureTableMeta(layers: layers, hiddenSize: hiddenSize, rows: rows, examples: examples, truncated: truncated)
        try JSONEncoder().encode(meta).write(to: temporary.appendingPathComponent("meta.json"))
        let manager = FileManager.default
        try? manager.removeItem(at: final)
        try manager.moveItem(at: temporary, to: final)
        finished = true
        return try FeatureTable(directory: final)
    }
}
