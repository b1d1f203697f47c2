/// Polynomial hash of scalar sequences, computable for any slice from prefix hashes in O(1):
/// `hash(s..<e) = prefix[e] - prefix[s] * power[e - s]` (wrapping arithmetic).
enum ScalarHash {
    static let multiplier: UInt64 = 0x100000001B3

    @inline(__always)
    static func step(_ hash: UInt64, _ scalar: UInt32) -> UInt64 {
        hash &* multiplier &+ UInt64(scalar) &+ 1
    }

    static func hash<C: Collection>(_ scalars: C) -> UInt64 where C.Element == UInt32 {
        scalars.reduce(0) { step($0, $1) }
    }

    /// Final mixing before indexing a power-of-two table.
    @inline(__always)
    static func mix(_ hash: UInt64) -> UInt64 {
        var h = hash ^ (hash >> 31)
        h = h &* 0x9E3779B97F4A7C15
        return h ^ (h >> 29)
    }
}
