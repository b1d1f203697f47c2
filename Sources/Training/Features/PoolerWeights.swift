import Encoder
import Foundation

/// The checkpoint's pooler (`pooler.dense`, with or without the base model's prefix): `tanh(W · cls + b)`.
public struct PoolerWeights: Sendable {
    public let weight: [Float]
    public let bias: [Float]
    public let size: Int

    /// The pooler of `model`'s checkpoint (found under the base model's prefix, in whatever files the model was
    /// loaded from), or nil when it has none. Reads the tensors the model already opened, not the file again.
    public static func load(model: BertModel) throws -> PoolerWeights? {
        let d = model.config.hiddenSize, tensors = model.tensors
        guard tensors.tensor("pooler.dense.weight") != nil else { return nil }
        return PoolerWeights(weight: try tensors.floats("pooler.dense.weight", shape: [d, d]),
                             bias: try tensors.floats("pooler.dense.bias", shape: [d]), size: d)
    }

    public func apply(_ cls: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        for row in 0..<size {
            var sum: Float = bias[row]
            weight.withUnsafeBufferPointer { w in
                for column in 0..<size { sum += w[row * size + column] * cls[column] }
            }
            out[row] = tanh(sum)
        }
    }
}
