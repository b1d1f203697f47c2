/// An open-addressing hash table from scalar sequences to token ids, looked up by slices of a scalar buffer
/// (no `String` is built per WordPiece attempt).
///
/// It holds two namespaces: whole tokens, and continuation pieces stored without their prefix (`##ing` is
/// stored as `ing` in the continuation namespace), so the prefix is never concatenated at lookup time.
/// Greedy longest-match-first mostly asks for strings that are not there, so a 128 KiB bit filter answers
/// most misses before the slot table (a cache miss) is touched.
struct ScalarVocabulary: Sendable {
    /// A slot: 32 bits of the mixed hash as a tag, and the entry index (or -1 when empty).
    private struct Slot {
        var tag: UInt32
        var entry: Int32
    }

    /// Where an entry's key lives in `keys`, and its id (one array, so a hit touches one cache line here).
    private struct Entry {
        var keyStart: Int32
        var keyLength: Int32
        var id: Int32
    }

    private var keys: [UInt32] = []
    private var entries: [Entry] = []
    private var slots: [Slot]
    private var filter: [UInt64]
    private let mask: Int
    /// Longest key of each namespace, in scalars: bounds the longest-match search.
    private(set) var longestWhole = 0
    private(set) var longestContinuation = 0

    static let continuationSalt: UInt64 = 0x5851F42D4C957F2D
    private static let filterBits = 20

    init(capacity: Int) {
        var size = 16
        while size < capacity + capacity / 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(tag: 0, entry: -1), count: size)
        mask = size - 1
        filter = [UInt64](repeating: 0, count: (1 << Self.filterBits) / 64)
    }

    @inline(__always)
    private static func filterIndex(_ mixed: UInt64) -> Int { Int(truncatingIfNeeded: (mixed >> 40) & ((1 << filterBits) - 1)) }

    /// Inserts `scalars` (whole token, or continuation piece without its prefix); inserting a key again
    /// replaces its id, as the Python dict built from `vocab.txt` keeps the last line.
    mutating func insert(_ scalars: UnsafeBufferPointer<UInt32>, continuation: Bool, id: Int) {
        let mixed = ScalarHash.mix(ScalarHash.hash(scalars) ^ (continuation ? Self.continuationSalt : 0))
        let tag = UInt32(truncatingIfNeeded: mixed >> 32)
        var slot = Int(truncatingIfNeeded: mixed) & mask
        while slots[slot].entry >= 0 {
            let entry = Int(slots[slot].entry)
            let start = Int(entries[entry].keyStart)
            if slots[slot].tag == tag && entries[entry].keyLength == scalars.count
                && keys[start..<start + scalars.count].elementsEqual(scalars) {
                entries[entry].id = Int32(id)
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(tag: tag, entry: Int32(entries.count))
        let bit = Self.filterIndex(mixed)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
        entries.append(Entry(keyStart: Int32(keys.count), keyLength: Int32(scalars.count), id: Int32(id)))
        keys.append(contentsOf: scalars)
        if continuation { longestContinuation = max(longestContinuation, scalars.count) } else {
            longestWhole = max(longestWhole, scalars.count)
        }
    }

    /// The id of `buffer[start..<end]`, given its polynomial hash.
    @inline(__always)
    func lookup(_ buffer: UnsafeBufferPointer<UInt32>, start: Int, end: Int, hash rawHash: UInt64,
                continuation: Bool) -> Int32? {
        let mixed = ScalarHash.mix(rawHash ^ (continuation ? Self.continuationSalt : 0))
        let bit = Self.filterIndex(mixed)
        let present = filter.withUnsafeBufferPointer { $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }
        if !present { return nil }
        let tag = UInt32(truncatingIfNeeded: mixed >> 32)
        let length = end - start
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                keys.withUnsafeBufferPointer { keys in
                    var slot = Int(truncatingIfNeeded: mixed) & mask
                    while true {
                        let candidate = slots[slot]
                        if candidate.entry < 0 { return nil }
                        if candidate.tag == tag {
                            let entry = entries[Int(candidate.entry)]
                            if Int(entry.keyLength) == length {
                                let keyStart = Int(entry.keyStart)
                                var i = 0
                                while i < length && keys[keyStart + i] == buffer[start + i] { i += 1 }
                                if i == length { return entry.id }
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }
}
