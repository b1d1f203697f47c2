/// IEEE half to float32, without hardware support: shift exponent and mantissa into place, rescale by 2¹¹²
/// (which also turns half subnormals into float normals) and patch infinities and NaNs.
enum HalfConversion {
    typealias U = SIMD8<UInt32>

    static func convert(_ source: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        let halves = source.assumingMemoryBound(to: UInt16.self)
        for i in 0..<count { out[i] = scalar(halves[i]) }
    }

    @inline(__always)
    static func scalar(_ half: UInt16) -> Float {
        let exponentMantissa = UInt32(half & 0x7FFF)
        var bits = (Float(bitPattern: exponentMantissa << 13) * Float(bitPattern: 0x7780_0000)).bitPattern
        if exponentMantissa >= 0x7C00 { bits |= 0x7F80_0000 }
        return Float(bitPattern: bits | (UInt32(half & 0x8000) << 16))
    }
}
