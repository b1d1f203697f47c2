import CEncoderKernels

/// One allocation of floats that a forward pass writes once and then only reads; shared by the `LayerStack`s
/// and `LayerSlice`s that view it.
@usableFromInline
final class FloatStorage: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Float>
    @usableFromInline let count: Int
    /// Whether `base` came from `bx_huge_alloc`: blocks too big for malloc's heap (the attentions of a long pass)
    /// are mapped with transparent huge pages, which cut a 512-token pass's page faults 512-fold.
    private let hugePages: Bool

    init(count: Int) {
        self.count = count
        if let huge = bx_huge_alloc(count * MemoryLayout<Float>.stride) {
            base = huge.bindMemory(to: Float.self, capacity: count)
            hugePages = true
        } else {
            base = .allocate(capacity: max(count, 1))
            hugePages = false
        }
    }

    deinit {
        if hugePages { bx_huge_free(base, count * MemoryLayout<Float>.stride) } else { base.deallocate() }
    }
}
