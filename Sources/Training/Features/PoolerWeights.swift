import Encoder
import Foundation

/// The checkpoint's pooler (`pooler.dense`, with or without a `bert.` prefix): `tanh(W · cls + b)`.
public struct PoolerWeights: Sendable {
    public let weight: [Float]
    public let bias: [Float]
    public let size: Int

    /// The pooler of `model.safetensors` in `directory`, or nil when the checkpoint has none.
    public static func load(directory: URL, hiddenSize d: Int) throws -> PoolerWeights? {
        let path = directory.appendingPathComponent("model.safetensors").path
        let file = try SafeTensorsFile(url: URL(fileURLWithPath: path))
        for prefix in ["", "bert."] where file.tensors[prefix + "pooler.dense.weight"] != nil {
            return PoolerWeights(
                weight: try FloatTensorReader.read(file, prefix + "pooler.dense.weight", shape: [d, d], source: path),
                bias: try FloatTensorReader.read(file, prefix + "pooler.dense.bias", shape: [d], source: path), size: d)
        }
        return nil
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
