#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the lines of a regular file (a last line without `\n` counts) in one streaming pass, for the
/// progress bar's total.
enum LineCounter {
    static func count(path: String) -> Int? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var lines = 0, last: UInt8 = 0x0A
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            for byte in buffer[0..<count] where byte == 0x0A { lines += 1 }
            last = buffer[count - 1]
        }
        return last == 0x0A ? lines : lines + 1
    }
}
