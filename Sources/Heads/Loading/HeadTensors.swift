import Encoder
import Foundation

/// The tensors of a checkpoint's task heads, read from `model.safetensors` by name, each checked for shape.
struct HeadTensors {
    let file: SafeTensorsFile

    func contains(_ name: String) -> Bool { file.tensors[name] != nil }

    /// The first of `names` that is stored, converted to float32 and checked against `shape`.
    func floats(_ names: [String], shape: [Int]) throws -> [Float] {
        guard let info = names.lazy.compactMap({ file.tensors[$0] }).first else {
            throw HeadLoadError("tensor \(names[0]) is missing from model.safetensors (expected shape \(shape))")
        }
        guard info.shape == shape else {
            throw HeadLoadError("tensor \(info.name) has shape \(info.shape), expected \(shape)")
        }
        guard let values = file.floats(of: info) else {
            throw HeadLoadError("tensor \(info.name) has dtype \(info.dtype.rawValue); weights must be F32, F16 or BF16")
        }
        return values
    }

    func floats(_ name: String, shape: [Int]) throws -> [Float] { try floats([name], shape: shape) }

    /// The shape of `name`, or nil when it is not stored.
    func shape(_ name: String) -> [Int]? { file.tensors[name]?.shape }

    /// A `Linear` stored as `<name>.weight` `[outputs][inputs]` and `<name>.bias` `[outputs]`.
    func dense(_ name: String, inputs: Int, outputs: Int) throws -> DenseLayer {
        DenseLayer(inputs: inputs, outputs: outputs,
                   weight: try floats(name + ".weight", shape: [outputs, inputs]),
                   bias: try floats(name + ".bias", shape: [outputs]))
    }

    /// A `Linear` whose output count is read from the stored weight (a classifier: one row per label), bounded
    /// so a hostile shape cannot decide an allocation.
    func classifier(_ name: String, inputs: Int, maxOutputs: Int = 100_000) throws -> DenseLayer {
        guard let shape = shape(name + ".weight") else {
            throw HeadLoadError("tensor \(name).weight is missing from model.safetensors")
        }
        guard shape.count == 2, shape[1] == inputs, (1...maxOutputs).contains(shape[0]) else {
            throw HeadLoadError("tensor \(name).weight has shape \(shape), expected [labels, \(inputs)]")
        }
        return try dense(name, inputs: inputs, outputs: shape[0])
    }
}
