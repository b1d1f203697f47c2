/// Tokens of one sequence before post-processing, as parallel arrays (offsets are input scalar indexes).
///
/// Stores at most `limit` tokens but keeps counting past it (`count`), which truncation needs for pairs.
struct TokenBuffer {
    var ids: [Int32] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    var special: [Bool] = []
    /// Tokens produced, stored or not.
    var count = 0
    var limit: Int

    init(limit: Int) {
        self.limit = limit
        let reserve = min(limit, 256)
        ids.reserveCapacity(reserve)
        starts.reserveCapacity(reserve)
        ends.reserveCapacity(reserve)
        special.reserveCapacity(reserve)
    }

    /// True once `limit` tokens are stored and one more was seen: enough to know the sequence is cut.
    var isOverflowing: Bool { count > limit }

    @inline(__always)
    mutating func append(id: Int32, start: Int32, end: Int32, special isSpecial: Bool = false) {
        count += 1
        guard ids.count < limit else { return }
        ids.append(id)
        starts.append(start)
        ends.append(end)
        special.append(isSpecial)
    }
}
