/// Normalised scalars with, for each, the index of the input scalar it came from (its alignment).
///
/// Every transformation of `tokenizers`' BertNormalizer maps one input character to zero or more output
/// characters that all align to it, so one origin per output scalar reproduces Hugging Face offsets exactly.
///
/// Storage is two manually managed buffers (appending to Swift arrays costs a uniqueness check per scalar on
/// this hot path): the owner calls `deallocate()` once done.
struct NormalizedText {
    private(set) var scalars: UnsafeMutablePointer<UInt32>
    private(set) var origins: UnsafeMutablePointer<Int32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        scalars = .allocate(capacity: self.capacity)
        origins = .allocate(capacity: self.capacity)
    }

    func deallocate() {
        scalars.deallocate()
        origins.deallocate()
    }

    var scalarBuffer: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: scalars, count: count) }
    var originBuffer: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: origins, count: count) }

    @inline(__always)
    mutating func append(_ scalar: UInt32, origin: Int32) {
        if count == capacity { grow() }
        scalars[count] = scalar
        origins[count] = origin
        count += 1
    }

    mutating func removeAll() { count = 0 }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newScalars = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        let newOrigins = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newScalars.update(from: scalars, count: count)
        newOrigins.update(from: origins, count: count)
        deallocate()
        scalars = newScalars
        origins = newOrigins
        capacity = newCapacity
    }
}
