/// Widening of stored weight elements (float32, IEEE half, bfloat16; little-endian) to float32, and the
/// rounding of float32 to bfloat16.
public enum FloatConversion {
    /// `value` rounded to the nearest bfloat16 (ties to even), as its bits; a NaN stays a (quiet) NaN.
    static func bfloat16(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(bits >> 16) | 0x40 }
        return UInt16((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16)
    }

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
