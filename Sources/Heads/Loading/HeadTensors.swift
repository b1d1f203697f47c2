import Encoder
import Foundation

/// The tensors of a checkpoint's task heads, looked up by their full names in the checkpoint's `TensorStore`
/// (the one the encoder reads, so every format and shard layout it opens works for the heads too).
struct HeadTensors {
    let store: TensorStore

    init(store: TensorStore) { self.store = store.withPrefix("") }

    func contains(_ name: String) -> Bool { store.tensor(name) != nil }

    /// The first of `names` that is stored, converted to float32 and checked against `shape`.
    func floats(_ names: [String], shape: [Int]) throws -> [Float] {
        guard let tensor = names.lazy.compactMap({ store.tensor($0) }).first else {
            throw HeadLoadError("tensor \(names[0]) is missing from \(store.label) (expected shape \(shape))")
        }
        guard tensor.shape == shape else {
            throw HeadLoadError("tensor \(tensor.name) has shape \(tensor.shape), expected \(shape)")
        }
        guard tensor.dtype.isFloatWeight else {
            throw HeadLoadError("tensor \(tensor.name) has dtype \(tensor.dtype.rawValue); weights must be F32, F16 or BF16")
        }
        return tensor.floats()
    }

    func floats(_ name: String, shape: [Int]) throws -> [Float] { try floats([name], shape: shape) }

    /// A `Linear` stored as `<name>.weight` `[outputs][inputs]` and `<name>.bias` `[outputs]`.
    func dense(_ name: String, inputs: Int, outputs: Int) throws -> DenseLayer {
        DenseLayer(inputs: inputs, outputs: outputs,
                   weight: try floats(name + ".weight", shape: [outputs, inputs]),
                   bias: try floats(name + ".bias", shape: [outputs]))
    }

    /// A `Linear` whose output count is read from the stored weight (a classifier: one row per label), bounded
    /// so a hostile shape cannot decide an allocation.
    func classifier(_ name: String, inputs: Int, maxOutputs: Int = 100_000) throws -> DenseLayer {
        guard let shape = store.tensor(name + ".weight")?.shape else {
            throw HeadLoadError("tensor \(name).weight is missing from \(store.label)")
        }
        guard shape.count == 2, shape[1] == inputs, (1...maxOutputs).contains(shape[0]) else {
            throw HeadLoadError("tensor \(name).weight has shape \(shape), expected [labels, \(inputs)]")
        }
        return try dense(name, inputs: inputs, outputs: shape[0])
    }
}
