import Foundation

/// One float32 allocation holding every converted weight; immutable once loading has finished.
///
/// Anonymous memory straight from the kernel: it starts zeroed (so packing need not clear padding), is page
/// aligned (every weight can start on a 64-byte line), and on Linux large arenas ask for transparent huge pages,
/// which turn the thousands of page faults of first writing the weights into a few.
final class WeightArena: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    let count: Int
    private let mapping: UnsafeMutableRawPointer
    private let mappedBytes: Int

    /// Floats per 64-byte line: weights start at multiples of this.
    static let alignment = 16
    private static let hugePage = 2 << 20

    init(count: Int) {
        self.count = count
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        // Room to start at a huge-page boundary when the arena spans several.
        let large = bytes >= 2 * Self.hugePage
        mappedBytes = bytes + (large ? Self.hugePage : 0)
        guard let mapping = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapping != MAP_FAILED else {
            fatalError("cannot allocate \(bytes) bytes for the weights: \(String(cString: strerror(errno)))")
        }
        self.mapping = mapping
        var start = mapping
        if large {
            let address = Int(bitPattern: mapping)
            start = mapping + ((address + Self.hugePage - 1) / Self.hugePage * Self.hugePage - address)
            #if os(Linux)
            _ = madvise(start, bytes / Self.hugePage * Self.hugePage, Int32(MADV_HUGEPAGE))
            #endif
        }
        base = start.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit { munmap(mapping, mappedBytes) }

    @inline(__always)
    subscript(offset: Int) -> UnsafeMutablePointer<Float> { base + offset }
}
