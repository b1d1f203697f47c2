/// A fast 64-bit content hash (multiply–xorshift over 8-byte words) used as a fingerprint of encoder weights
/// and data files. Not cryptographic: it detects a different file, not a malicious one.
public enum ContentHash {
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        let words = bytes.count / 8
        for index in 0..<words {
            let word = bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
            h = mix(h ^ word)
        }
        var tail: UInt64 = 0
        for index in (words * 8)..<bytes.count { tail = tail << 8 | UInt64(bytes[index]) }
        h = mix(h ^ tail ^ 0xFF)
        return hex16(h)
    }

    /// The same mixing in eight independent lanes (word i goes to lane i mod 8), folded together at the end: each
    /// word of `hex` waits for the one before (2.4 GB/s here), while the lanes overlap (the encoder fingerprint, a
    /// whole checkpoint, uses this). A different value from `hex`.
    public static func laneHex(_ bytes: UnsafeRawBufferPointer) -> String {
        let seed = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        // Eight named lanes, so they stay in registers.
        var l0 = seed, l1 = seed &+ 1, l2 = seed &+ 2, l3 = seed &+ 3, l4 = seed &+ 4, l5 = seed &+ 5
        var l6 = seed &+ 6, l7 = seed &+ 7
        let blocks = bytes.count / 64
        for block in 0..<blocks {
            let at = block * 64
            l0 = mix(l0 ^ bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            l1 = mix(l1 ^ bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))
            l2 = mix(l2 ^ bytes.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self))
            l3 = mix(l3 ^ bytes.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self))
            l4 = mix(l4 ^ bytes.loadUnaligned(fromByteOffset: at + 32, as: UInt64.self))
            l5 = mix(l5 ^ bytes.loadUnaligned(fromByteOffset: at + 40, as: UInt64.self))
            l6 = mix(l6 ^ bytes.loadUnaligned(fromByteOffset: at + 48, as: UInt64.self))
            l7 = mix(l7 ^ bytes.loadUnaligned(fromByteOffset: at + 56, as: UInt64.self))
        }
        var h: UInt64 = 0
        for lane in [l0, l1, l2, l3, l4, l5, l6, l7] { h = mix(h ^ lane) }
        // The last bytes (fewer than 64), each with its position.
        for index in (blocks * 64)..<bytes.count { h = mix(h ^ UInt64(bytes[index]) ^ UInt64(index) << 8) }
        return hex16(mix(h ^ 0xFF))
    }

    private static func hex16(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex($0) }
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        x = x &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 29)
    }
}
