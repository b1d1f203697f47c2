import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with one-line errors. Only regular files are read: a FIFO would block forever, a device
/// could be endless, and a looping symbolic link must say so rather than look like a missing file.
enum FileData {
    /// True when `url` names a directory entry, even a dangling or looping symbolic link (which `read` then
    /// reports), so that a broken `tokenizer.json` is an error instead of silently falling back to `vocab.txt`.
    static func entryExists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    static func read(_ url: URL) throws -> Data {
        func fail(_ problem: String) -> TokenizerError { TokenizerError(file: url.path, problem: problem) }
        // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked on the opened file.
        let fd = open(url.path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: throw fail(entryExists(url) ? "dangling symbolic link" : "file not found")
            case ELOOP: throw fail("symbolic link loop (too many levels of symbolic links)")
            default: throw fail("cannot open the file: \(String(cString: strerror(errno)))")
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail("cannot read the file: \(String(cString: strerror(errno)))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw fail("is a directory, expected a file")
        case S_IFIFO: throw fail("is a FIFO (named pipe), expected a regular file")
        default: throw fail("is not a regular file")
        }
        var data = Data(count: Int(info.st_size))
        var offset = 0
        while offset < data.count {
            let count = data.withUnsafeMutableBytes { bytes in
                #if canImport(Glibc)
                Glibc.read(fd, bytes.baseAddress! + offset, bytes.count - offset)
                #else
                Darwin.read(fd, bytes.baseAddress! + offset, bytes.count - offset)
                #endif
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw fail("cannot read the file: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            offset += count
        }
        return data.prefix(offset)
    }
}
