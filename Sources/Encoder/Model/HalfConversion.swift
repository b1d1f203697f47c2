/// IEEE half to float32, without hardware support: shift exponent and mantissa into place, rescale by 2¹¹²
/// (which also turns half subnormals into float normals) and patch infinities and NaNs.
enum HalfConversion {
    typealias U = SIMD8<UInt32>

    static func convert(_ source: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        let vectors = count / 8
        let magic = SIMD8<Float>(repeating: Float(bitPattern: 0x7780_0000))
        for v in 0..<vectors {
            let halves = source.loadUnaligned(fromByteOffset: 16 * v, as: SIMD8<UInt16>.self)
            let wide = U(truncatingIfNeeded: halves)
            let exponentMantissa = wide & 0x7FFF
            let sign = (wide & 0x8000) &<< 16
            var bits = unsafeBitCast(unsafeBitCast(exponentMantissa &<< 13, to: SIMD8<Float>.self) * magic, to: U.self)
            bits = bits.replacing(with: bits | 0x7F80_0000, where: exponentMantissa .>= 0x7C00)
            UnsafeMutableRawPointer(out + 8 * v).storeBytes(of: unsafeBitCast(bits | sign, to: SIMD8<Float>.self), as: SIMD8<Float>.self)
        }
        for i in (vectors * 8)..<count {
            out[i] = scalar(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
        }
    }

    @inline(__always)
    static func scalar(_ half: UInt16) -> Float {
        let exponentMantissa = UInt32(half & 0x7FFF)
        var bits = (Float(bitPattern: exponentMantissa << 13) * Float(bitPattern: 0x7780_0000)).bitPattern
        if exponentMantissa >= 0x7C00 { bits |= 0x7F80_0000 }
        return Float(bitPattern: bits | (UInt32(half & 0x8000) << 16))
    }
}
