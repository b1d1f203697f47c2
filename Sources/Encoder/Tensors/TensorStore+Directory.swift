import Foundation

extension TensorStore {
    /// Opens the weights of a model directory, in the order `transformers` prefers them: `model.safetensors`,
    /// a sharded `model.safetensors.index.json` and its shards, `pytorch_model.bin`, or a sharded
    /// `pytorch_model.bin.index.json` and its shards. A `.bin` is read without running its pickle
    /// (`PyTorchCheckpoint`).
    public static func open(directory: URL) throws -> TensorStore {
        // An entry, even a looping symlink, counts: opening it then says what is wrong instead of "missing".
        func exists(_ name: String) -> Bool { MappedFile.entryExists(directory.appendingPathComponent(name)) }
        for (file, isIndex) in [("model.safetensors", false), ("model.safetensors.index.json", true),
                                ("pytorch_model.bin", false), ("pytorch_model.bin.index.json", true)] where exists(file) {
            let shards = isIndex ? try shardNames(index: directory.appendingPathComponent(file)) : [file]
            var sources: [(label: String, source: any TensorSource)] = []
            for shard in shards {
                sources.append((shard, try openSource(directory.appendingPathComponent(shard), label: shard)))
            }
            return try TensorStore(label: file, sources: sources)
        }
        throw ModelLoadError("no model.safetensors or pytorch_model.bin (nor a sharded index of either) in \(directory.path)")
    }

    /// The shard files a `*.index.json` names in its `weight_map`, each a plain file name beside it.
    static func shardNames(index: URL) throws -> [String] {
        let label = index.lastPathComponent
        // MappedFile: a regular file only (a FIFO must not block the load).
        guard let file = try? MappedFile(url: index), file.bytes.count <= 64 << 20 else {
            throw ModelLoadError("\(label): cannot read it (or it is larger than 64 MiB)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any],
              let map = object["weight_map"] as? [String: Any] else {
            throw ModelLoadError("\(label): not a JSON object with a weight_map")
        }
        var shards = Set<String>()
        for (tensor, value) in map {
            guard let shard = value as? String, !shard.isEmpty, !shard.contains("/"), !shard.contains("\\"),
                  shard != ".", shard != ".." else {
                throw ModelLoadError("\(label): tensor \(EncoderText.escaped(tensor)) names a shard that is not a file name beside the index")
            }
            shards.insert(shard)
        }
        guard !shards.isEmpty else { throw ModelLoadError("\(label): the weight_map is empty") }
        return shards.sorted()
    }

    private static func openSource(_ url: URL, label: String) throws -> any TensorSource {
        guard MappedFile.entryExists(url) else {
            throw ModelLoadError("\(EncoderText.escaped(label)) is missing from \(url.deletingLastPathComponent().path)")
        }
        do {
            if label.hasSuffix(".bin") { return try PyTorchCheckpoint(url: url) }
            return try SafeTensorsFile(url: url)
        } catch let error as SafeTensorsError {
            throw ModelLoadError("\(EncoderText.escaped(label)): \(error.description)")
        } catch let error as PyTorchError {
            throw ModelLoadError("\(EncoderText.escaped(label)): \(error.description)")
        }
    }
}
