/// One allocation of floats that a forward pass writes once and then only reads; shared by the `LayerStack`s
/// and `LayerSlice`s that view it.
@usableFromInline
final class FloatStorage: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Float>
    @usableFromInline let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
    }

    deinit { base.deallocate() }
}
