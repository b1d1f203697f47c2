import CEncoderKernels
import Foundation

/// One float32 allocation holding every converted weight; immutable once loading has finished.
///
/// Anonymous memory straight from the kernel: it starts zeroed (so packing need not clear padding), is page
/// aligned (every weight can start on a 64-byte line), and on Linux large arenas are `bx_huge_map`'s fresh
/// mappings for transparent huge pages, which turn the thousands of page faults of first writing the weights into
/// a few.
final class WeightArena: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    let count: Int
    private let bytes: Int
    /// Whether `base` came from `bx_huge_map` (else from `mmap`).
    private let hugePages: Bool

    /// Floats per 64-byte line: weights start at multiples of this.
    static let alignment = 16
    /// Arenas from this size on (two huge pages) ask for huge pages.
    private static let hugeArenaBytes = 4 << 20

    init(count: Int) {
        self.count = count
        bytes = max(count, 1) * MemoryLayout<Float>.stride
        let mapping: UnsafeMutableRawPointer
        if bytes >= Self.hugeArenaBytes, let huge = bx_huge_map(bytes) {
            mapping = huge
            hugePages = true
        } else {
            guard let plain = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  plain != MAP_FAILED else {
                fatalError("cannot allocate \(bytes) bytes for the weights: \(String(cString: strerror(errno)))")
            }
            mapping = plain
            hugePages = false
        }
        base = mapping.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit {
        if hugePages { bx_huge_unmap(base, bytes) } else { munmap(base, bytes) }
    }

    @inline(__always)
    subscript(offset: Int) -> UnsafeMutablePointer<Float> { base + offset }
}
