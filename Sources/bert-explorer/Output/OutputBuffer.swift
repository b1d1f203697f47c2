#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes of bytes to a file descriptor: one `write(2)` per 64 KiB, not per line.
///
/// A failed write (a full disk, `> /dev/full`) is remembered, later output is dropped, and `finish()` throws
/// it. A closed pipe never gets here: SIGPIPE keeps its default action and ends the process quietly.
final class OutputBuffer {
    private(set) var bytes: [UInt8] = []
    /// The first write error, as `strerror` words.
    private(set) var failure: String?
    private let descriptor: Int32
    private let threshold: Int

    init(descriptor: Int32 = 1, threshold: Int = 1 << 16) {
        self.descriptor = descriptor
        self.threshold = threshold
        bytes.reserveCapacity(threshold + 4096)
    }

    deinit { flush() }

    func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    func append(_ byte: UInt8) { bytes.append(byte) }
    func append(contentsOf other: [UInt8]) { bytes.append(contentsOf: other) }

    /// Hands `bytes` to a writer such as `TokenJSON`, then flushes if the buffer is large.
    func write(_ body: (inout [UInt8]) -> Void) {
        body(&bytes)
        if bytes.count >= threshold { flush() }
    }

    /// Flushes, then throws the first write error, if any.
    func finish() throws {
        flush()
        if let failure { throw CommandFailure("cannot write to standard output: \(failure)") }
    }

    /// Writes everything buffered (nothing once a write has failed).
    func flush() {
        if failure != nil { bytes.removeAll(keepingCapacity: true) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                break
            }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
