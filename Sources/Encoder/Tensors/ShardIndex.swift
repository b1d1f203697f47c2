import Foundation

/// A sharded safetensors checkpoint's `model.safetensors.index.json`: `weight_map` names each tensor's shard.
///
/// Shard names come from the file, so each must be a plain file name in the model directory (no path
/// separator, not `.` or `..`, printable); anything else is refused before a file is opened.
struct ShardIndex {
    static let fileName = "model.safetensors.index.json"

    /// Tensor name → shard file name.
    let weightMap: [String: String]
    /// The distinct shard files, sorted.
    let files: [String]

    static func load(url: URL) throws -> ShardIndex {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ModelLoadError("cannot read \(fileName)") }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let map = json["weight_map"] as? [String: Any] else {
            throw ModelLoadError("\(fileName) is not a JSON object with a weight_map object")
        }
        var weightMap: [String: String] = [:]
        for (name, value) in map {
            guard let file = value as? String, isPlainFileName(file) else {
                throw ModelLoadError("\(fileName): the shard of tensor \(name.debugDescription) is not a file name in the model directory: \(String(describing: value).debugDescription)")
            }
            weightMap[name] = file
        }
        guard !weightMap.isEmpty else { throw ModelLoadError("\(fileName) lists no tensors") }
        return ShardIndex(weightMap: weightMap, files: Set(weightMap.values).sorted())
    }

    private static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
            && name.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control }
    }
}
