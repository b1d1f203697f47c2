/// Normalised scalars with, for each, the index of the input scalar it came from (its alignment).
///
/// Every transformation of `tokenizers`' BertNormalizer maps one input character to zero or more output
/// characters that all align to it, so one origin per output scalar reproduces Hugging Face offsets exactly.
struct NormalizedText {
    var scalars: [UInt32] = []
    var origins: [Int32] = []

    init(capacity: Int = 0) {
        scalars.reserveCapacity(capacity)
        origins.reserveCapacity(capacity)
    }

    var count: Int { scalars.count }

    @inline(__always)
    mutating func append(_ scalar: UInt32, origin: Int32) {
        scalars.append(scalar)
        origins.append(origin)
    }

    mutating func removeAll() {
        scalars.removeAll(keepingCapacity: true)
        origins.removeAll(keepingCapacity: true)
    }
}
