import Encoder

/// Reads a float tensor of a safetensors file (f32, f16 or bf16) into float32, checking its shape; the widening
/// is the encoder's own (`FloatConversion`).
public enum FloatTensorReader {
    public static func read(_ file: SafeTensorsFile, _ name: String, shape: [Int], source: String) throws -> [Float] {
        guard let info = file.tensors[name] else { throw TrainingDataError(file: source, "no tensor \(name)") }
        guard info.shape == shape else {
            throw TrainingDataError(file: source, "tensor \(name) has shape \(info.shape), expected \(shape)")
        }
        let bytes = file.bytes(of: info), count = info.elementCount
        guard bytes.count == count * info.dtype.size else {
            throw TrainingDataError(file: source, "tensor \(name) has \(bytes.count) bytes for \(count) elements")
        }
        guard info.dtype.isFloatWeight else {
            throw TrainingDataError(file: source, "tensor \(name) has dtype \(info.dtype.rawValue), expected F32, F16 or BF16")
        }
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            FloatConversion.convert(bytes, dtype: info.dtype, count: count, into: buffer.baseAddress!)
            initialized = count
        }
    }
}
