import Encoder

/// Reads a float tensor of a safetensors file (f32, f16 or bf16) into float32, checking its shape.
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
        switch info.dtype {
        case .f32:
            return (0..<count).map { bytes.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
        case .bf16:
            return (0..<count).map { Float(bitPattern: UInt32(bytes.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) << 16) }
        case .f16:
            return (0..<count).map { half(bytes.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
        default:
            throw TrainingDataError(file: source, "tensor \(name) has dtype \(info.dtype.rawValue), expected F32, F16 or BF16")
        }
    }

    /// IEEE binary16 to float32 (subnormals, infinities and NaN included).
    static func half(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F), mantissa = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
