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
        let text = String(h, radix: 16)
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
