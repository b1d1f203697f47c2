import Foundation

/// The tensors of a checkpoint, looked up by name, shared by the encoder and the task heads.
///
/// - Sources: one or several `TensorSource`s (a `model.safetensors`, the shards of a sharded checkpoint, a
///   PyTorch `.bin` reader); a name held by two sources is refused.
/// - Prefix: task checkpoints keep the base model under a prefix (`bert.`, `distilbert.`, `electra.`) and the
///   head beside it (`cls.predictions.*`, `vocab_projector.*`, `generator_lm_head.*`). `tensor(_:)` looks names
///   up under `prefix`; `withPrefix("")` gives the same store for the head's names.
/// - Aliases: old TensorFlow-converted checkpoints name LayerNorm parameters `gamma`/`beta`; a lookup of
///   `….weight` / `….bias` also finds `….gamma` / `….beta` (as `transformers` renames them on load).
/// - Conversion: `require` checks shape and float dtype; `StoredTensor.floats()` widens F16/BF16 to float32.
public struct TensorStore: Sendable {
    /// Where each full tensor name is found.
    private let index: [String: StoredTensor]
    /// Names the store in error messages (`model.safetensors`, or a sharded checkpoint's index file).
    public let label: String
    /// Prepended to every name looked up with `tensor(_:)` and `require(_:shape:)`.
    public let prefix: String
    /// Bytes of tensor data in all sources together.
    public let dataByteCount: Int

    /// Combines `sources` (each with the label its errors show); a tensor name found in two sources is an error.
    public init(label: String, sources: [(label: String, source: any TensorSource)], prefix: String = "") throws {
        var index: [String: StoredTensor] = [:]
        var bytes = 0
        for (sourceLabel, source) in sources {
            for (name, info) in source.tensors {
                if let existing = index[name] {
                    throw ModelLoadError("tensor \(name) is in both \(existing.sourceLabel) and \(sourceLabel)")
                }
                index[name] = StoredTensor(info: info, sourceLabel: sourceLabel, source: source)
            }
            bytes = bytes.addingReportingOverflow(source.dataByteCount).partialValue
        }
        self.index = index
        self.label = label
        self.prefix = prefix
        self.dataByteCount = bytes
    }

    private init(index: [String: StoredTensor], label: String, prefix: String, dataByteCount: Int) {
        self.index = index
        self.label = label
        self.prefix = prefix
        self.dataByteCount = dataByteCount
    }

    /// The same tensors, looked up under another prefix.
    public func withPrefix(_ prefix: String) -> TensorStore {
        TensorStore(index: index, label: label, prefix: prefix, dataByteCount: dataByteCount)
    }

    /// Every full tensor name, sorted.
    public var names: [String] { index.keys.sorted() }

    /// The tensor `prefix + name`, or its `gamma`/`beta` alias; nil when absent.
    public func tensor(_ name: String) -> StoredTensor? {
        for candidate in Self.candidates(prefix + name) {
            if let found = index[candidate] { return found }
        }
        return nil
    }

    /// The tensor `prefix + name`, checked to be a float weight of `shape`; the error names tensor and file.
    public func require(_ name: String, shape: [Int]) throws -> StoredTensor {
        guard let found = tensor(name) else {
            throw ModelLoadError("tensor \(prefix + name) is missing from \(label) (expected shape \(shape))")
        }
        guard found.shape == shape else {
            throw ModelLoadError("\(label): tensor \(found.name) has shape \(found.shape), expected \(shape)")
        }
        guard found.dtype.isFloatWeight else {
            throw ModelLoadError("tensor \(found.name) has dtype \(found.dtype.rawValue); weights must be F32, F16 or BF16")
        }
        return found
    }

    /// `require(name, shape:)` widened to float32.
    public func floats(_ name: String, shape: [Int]) throws -> [Float] {
        try require(name, shape: shape).floats()
    }

    /// The first of `prefixes` under which `probe` exists (e.g. `bert.` in a BertForMaskedLM checkpoint).
    public func detectPrefix(of probe: String, among prefixes: [String]) -> String? {
        prefixes.first { index[$0 + probe] != nil }
    }

    private static func candidates(_ name: String) -> [String] {
        if name.hasSuffix(".weight") { return [name, name.dropLast("weight".count) + "gamma"] }
        if name.hasSuffix(".bias") { return [name, name.dropLast("bias".count) + "beta"] }
        return [name]
    }
}
