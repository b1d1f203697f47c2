#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor line by line (`\n`, with one trailing `\r` removed) holding only the current line,
/// so 100,000 lines stream in bounded memory. `beforeBlocking` runs before each `read(2)`, letting a caller
/// flush its output so results appear as soon as the input pauses.
final class LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var finished = false
    private var line: [UInt8] = []
    /// 1-based number of the last line returned.
    private(set) var lineNumber = 0

    init(descriptor: Int32 = 0, bufferSize: Int = 1 << 16) {
        self.descriptor = descriptor
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    /// The next line's bytes (without its terminator), or nil at end of input.
    func next(beforeBlocking: () -> Void = {}) -> [UInt8]? {
        line.removeAll(keepingCapacity: line.capacity <= 1 << 20)
        while true {
            if start < end {
                let found = buffer.withUnsafeBufferPointer { bytes -> Int? in
                    guard let base = bytes.baseAddress,
                          let hit = memchr(base + start, 0x0A, end - start) else { return nil }
                    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                }
                if let newline = found {
                    line.append(contentsOf: buffer[start..<newline])
                    start = newline + 1
                    return finish()
                }
                line.append(contentsOf: buffer[start..<end])
                start = end
            }
            if finished { return line.isEmpty ? nil : finish() }
            beforeBlocking()
            let count = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress!, raw.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                finished = true
            } else {
                start = 0
                end = count
            }
        }
    }

    private func finish() -> [UInt8] {
        lineNumber += 1
        if line.last == 0x0D { line.removeLast() }
        return line
    }
}
