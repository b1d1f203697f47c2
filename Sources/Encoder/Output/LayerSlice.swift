/// A zero-based, read-only run of floats inside a `LayerStack` (one layer's values, or a part of them).
public struct LayerSlice: RandomAccessCollection, Sendable, Equatable, CustomStringConvertible {
    @usableFromInline let storage: FloatStorage
    @usableFromInline let offset: Int
    @usableFromInline let length: Int

    init(storage: FloatStorage, offset: Int, length: Int) {
        precondition(offset >= 0 && length >= 0 && offset + length <= storage.count, "slice outside its storage")
        self.storage = storage
        self.offset = offset
        self.length = length
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { length }

    @inlinable
    public subscript(position: Int) -> Float {
        precondition(position >= 0 && position < length, "index outside the slice")
        return storage.base[offset + position]
    }

    /// `count` floats from `start` (zero-based within this slice), e.g. one head's vector of one token.
    public func slice(from start: Int, count: Int) -> LayerSlice {
        precondition(start >= 0 && count >= 0 && start + count <= length, "sub-slice outside the slice")
        return LayerSlice(storage: storage, offset: offset + start, length: count)
    }

    /// The floats in place, contiguous.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base + offset, count: length))
    }

    /// The same, for the standard library's copies (`Array(slice)`, `Array(slice[range])`): one memory copy, not a
    /// loop over indices.
    @inlinable
    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R? {
        try withUnsafeBufferPointer(body)
    }

    public static func == (a: LayerSlice, b: LayerSlice) -> Bool { a.elementsEqual(b) }

    public var description: String { Array(self).description }
}
