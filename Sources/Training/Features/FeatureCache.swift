import Foundation

/// Feature rows on disk, one directory per key (a fingerprint of the encoder weights, the data file, the pooling
/// and the columns); an entry serves any request for a subset of the layers it holds (so `evaluate` after a
/// `--layer all` sweep reuses it), and a second `train` with other head settings skips the encoder.
///
/// Root: `$BERT_EXPLORER_CACHE`, else `$XDG_CACHE_HOME/bert-explorer/features`, else
/// `~/.cache/bert-explorer/features`. Deleting the directory clears it. An entry is written under a temporary
/// name and renamed when complete, so an interrupted run leaves no entry that looks complete.
public struct FeatureCache: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment["BERT_EXPLORER_CACHE"], !explicit.isEmpty {
            root = URL(fileURLWithPath: explicit)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            root = URL(fileURLWithPath: xdg).appendingPathComponent("bert-explorer/features")
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            root = URL(fileURLWithPath: home).appendingPathComponent(".cache/bert-explorer/features")
        }
    }

    /// The entry for `key` if it is complete.
    public func entry(_ key: String) -> FeatureTable? {
        let directory = root.appendingPathComponent(key)
        return try? FeatureTable(directory: directory)
    }

    /// A writer for a new entry under `key`.
    public func writer(_ key: String, layers: [Int], hiddenSize: Int) throws -> FeatureCacheWriter {
        try FeatureCacheWriter(root: root, key: key, layers: layers, hiddenSize: hiddenSize)
    }

    /// The key for one data file's features.
    public static func key(encoder: String, data: String, task: TrainingTask, pooling: Pooling,
                           columns: DataColumns, maxPositions: Int) -> String {
        let text = "v1|\(encoder)|\(data)|\(task.rawValue)|"
            + "\(task == .token ? "-" : pooling.rawValue)|\(columns.text)|\(columns.pair ?? "-")|\(columns.label)|\(maxPositions)"
        return ContentHash.hex(Array(text.utf8))
    }
}
