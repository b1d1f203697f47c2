/// An open-addressing hash table from scalar sequences to token ids, looked up by slices of a scalar buffer
/// (no `String` is built per WordPiece attempt).
///
/// It holds two namespaces: whole tokens, and continuation pieces stored without their prefix (`##ing` is
/// stored as `ing` in the continuation namespace), so the prefix is never concatenated at lookup time.
struct ScalarVocabulary: Sendable {
    private var keys: [UInt32] = []
    private var keyStarts: [Int32] = []
    private var keyLengths: [Int32] = []
    private var ids: [Int32] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private let mask: Int
    /// Longest key of each namespace, in scalars: bounds the longest-match search.
    private(set) var longestWhole = 0
    private(set) var longestContinuation = 0

    static let continuationSalt: UInt64 = 0x5851F42D4C957F2D

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Inserts `scalars` (whole token, or continuation piece without its prefix); inserting a key again
    /// replaces its id, as the Python dict built from `vocab.txt` keeps the last line.
    mutating func insert(_ scalars: [UInt32], continuation: Bool, id: Int) {
        let hash = ScalarHash.hash(scalars) ^ (continuation ? Self.continuationSalt : 0)
        var slot = Int(truncatingIfNeeded: ScalarHash.mix(hash)) & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if hashes[entry] == hash && keyLengths[entry] == scalars.count
                && keys[Int(keyStarts[entry])..<Int(keyStarts[entry]) + scalars.count].elementsEqual(scalars) {
                ids[entry] = Int32(id)
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(ids.count)
        keyStarts.append(Int32(keys.count))
        keyLengths.append(Int32(scalars.count))
        keys.append(contentsOf: scalars)
        ids.append(Int32(id))
        hashes.append(hash)
        if continuation { longestContinuation = max(longestContinuation, scalars.count) } else {
            longestWhole = max(longestWhole, scalars.count)
        }
    }

    /// The id of `buffer[start..<end]`, given its polynomial hash.
    @inline(__always)
    func lookup(_ buffer: UnsafeBufferPointer<UInt32>, start: Int, end: Int, hash rawHash: UInt64,
                continuation: Bool) -> Int32? {
        let hash = rawHash ^ (continuation ? Self.continuationSalt : 0)
        let length = end - start
        return slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                var slot = Int(truncatingIfNeeded: ScalarHash.mix(hash)) & mask
                while true {
                    let entry = Int(slots[slot])
                    if entry < 0 { return nil }
                    if hashes[entry] == hash && Int(keyLengths[entry]) == length {
                        let keyStart = Int(keyStarts[entry])
                        let equal = keys.withUnsafeBufferPointer { keys in
                            var i = 0
                            while i < length && keys[keyStart + i] == buffer[start + i] { i += 1 }
                            return i == length
                        }
                        if equal { return ids[entry] }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }
}
