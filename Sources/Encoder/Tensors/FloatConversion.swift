/// Widening of stored weight elements (float32, IEEE half, bfloat16; little-endian) to float32.
public enum FloatConversion {
    /// Converts `count` elements of `dtype` from `bytes` into `out`. `dtype` must be a float weight type
    /// (`TensorDType.isFloatWeight`) and `bytes` must hold `count` elements.
    public static func convert(_ bytes: UnsafeRawBufferPointer, dtype: TensorDType, count: Int,
                               into out: UnsafeMutablePointer<Float>) {
        precondition(bytes.count >= count * dtype.size, "fewer bytes than elements to convert")
        guard count > 0, let source = bytes.baseAddress else { return }
        switch dtype {
        case .f32:
            UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: count * 4)
        case .bf16:
            for i in 0..<count {
                let raw = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                out[i] = Float(bitPattern: UInt32(raw) << 16)
            }
        case .f16:
            HalfConversion.convert(source, count: count, into: out)
        default:
            preconditionFailure("only float weights are converted")
        }
    }
}
