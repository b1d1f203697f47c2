import Encoder
import Foundation

/// Which files of a hub repo the explorer needs: the config, the tokenizer files, and one set of weights
/// (`model.safetensors`, else a sharded safetensors index and its shards, else `pytorch_model.bin`, else a
/// sharded `.bin` index and its shards). Nothing else (ONNX, TF, Flax, README) is fetched.
public enum ModelFiles {
    public static let config = "config.json"
    public static let tokenizerFiles = ["vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]
    /// Weight formats in order of preference: a single file, or an index naming shards.
    public static let weightChoices: [(file: String, isIndex: Bool)] = [
        ("model.safetensors", false), ("model.safetensors.index.json", true),
        ("pytorch_model.bin", false), ("pytorch_model.bin.index.json", true),
    ]

    /// The files to fetch first, from a repo's file list; an index's shards come after reading it.
    public static func selection(from files: Set<String>, repo: String) throws -> (files: [String], index: String?) {
        guard files.contains(config) else { throw HubError("\(repo) has no config.json: not a transformers model") }
        guard let weights = weightChoices.first(where: { files.contains($0.file) }) else {
            throw HubError("\(repo) has no model.safetensors or pytorch_model.bin (nor a sharded index of either)")
        }
        let selected = [config] + tokenizerFiles.filter(files.contains) + [weights.file]
        return (selected, weights.isIndex ? weights.file : nil)
    }

    /// The shard file names an index (`{"weight_map": {tensor: shard}}`) names, each a safe relative path.
    public static func shards(ofIndex url: URL) throws -> [String] {
        let name = url.lastPathComponent
        guard let file = try? MappedFile(url: url), file.bytes.count <= 64 << 20,
              case let data = withExtendedLifetime(file, { Data(file.bytes) }),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let map = object["weight_map"] as? [String: Any] else {
            throw HubError("\(name) is not a shard index (a JSON object with a weight_map)")
        }
        var shards = Set<String>()
        for (tensor, value) in map {
            guard let shard = value as? String, HubText.isSafeRepoPath(shard) else {
                throw HubError("\(name): tensor \(HubText.quoted(tensor)) names an unsafe shard path")
            }
            shards.insert(shard)
        }
        return shards.sorted()
    }

    /// True when `directory` holds the config and a complete set of weights (every shard an index names).
    public static func isComplete(_ directory: URL) -> Bool {
        let fm = FileManager.default
        func has(_ file: String) -> Bool { fm.fileExists(atPath: directory.appendingPathComponent(file).path) }
        guard has(config), has("vocab.txt") || has("tokenizer.json") else { return false }
        for choice in weightChoices where has(choice.file) {
            guard choice.isIndex else { return true }
            guard let shards = try? shards(ofIndex: directory.appendingPathComponent(choice.file)) else { return false }
            return shards.allSatisfy(has)
        }
        return false
    }
}
