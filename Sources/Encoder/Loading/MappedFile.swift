import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file; unmapped when released.
public final class MappedFile: @unchecked Sendable {
    /// The mapped bytes (empty for an empty file). Immutable for the lifetime of the object.
    public let bytes: UnsafeRawBufferPointer

    /// Maps `url`, which must be a regular file: a FIFO, device or directory is refused (opening never blocks).
    public init(url: URL) throws {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked on the opened file.
        let fd = open(url.path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "symbolic link loop" : String(cString: strerror(errno))
            throw SafeTensorsError("cannot open \(url.path): \(reason)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SafeTensorsError("cannot stat \(url.path): \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw SafeTensorsError("\(url.path) is a directory, expected a file")
        case S_IFIFO: throw SafeTensorsError("\(url.path) is a FIFO (named pipe), expected a regular file")
        default: throw SafeTensorsError("\(url.path) is not a regular file")
        }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw SafeTensorsError("cannot map \(url.path): \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// True when `url` names a directory entry, even a dangling or looping symbolic link (which opening then
    /// reports instead of a misleading "missing file").
    public static func entryExists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    /// Drops the whole pages inside `range` from memory (they are read again from the file if touched).
    public func release(_ range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, Int32(MADV_DONTNEED))
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
