/// One float32 allocation holding every converted weight; immutable once loading has finished.
final class WeightArena: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
    }

    deinit { base.deallocate() }

    @inline(__always)
    subscript(offset: Int) -> UnsafeMutablePointer<Float> { base + offset }
}
