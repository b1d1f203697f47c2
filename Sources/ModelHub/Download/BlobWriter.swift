import Foundation

/// Builds `blobs/<etag>.incomplete` from downloaded segments, hashing as it goes; a resumed download hashes the
/// bytes already there first. Files are copied 1 MiB at a time, so memory stays bounded.
final class BlobWriter {
    let url: URL
    private let descriptor: Int32
    private(set) var written: Int64 = 0
    private var hasher = SHA256()

    /// Opens (creating or continuing) `url`; `resume` false starts it empty. Only a regular file is continued
    /// (a device or fifo left there would never end), and at most `limit` bytes of it.
    init(url: URL, resume: Bool, limit: Int64 = .max) throws {
        self.url = url
        let fd = open(url.path, O_WRONLY | O_CREAT, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot create", url) }
        descriptor = fd
        var info = stat()
        let regular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        if resume && regular && Int64(info.st_size) <= limit {
            try hashExisting()
        } else if regular {
            guard ftruncate(fd, 0) == 0 else { throw Self.failure("cannot truncate", url) }
        }
        guard lseek(fd, off_t(written), SEEK_SET) >= 0 else { throw Self.failure("cannot seek in", url) }
    }

    deinit { close(descriptor) }

    /// Drops what was written (the server ignored a Range request and is sending the whole file).
    func restart() throws {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else { throw Self.failure("cannot truncate", url) }
        written = 0
        hasher = SHA256()
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        try Self.write(bytes, to: descriptor, path: url)
        hasher.update(bytes)
        written += Int64(bytes.count)
    }

    /// Writes all of `bytes` to `descriptor`, naming `path` (and a full disk) when it cannot.
    static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: URL) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if errno == ENOSPC || errno == EDQUOT {
                    throw HubError("disk full: cannot write \(path.path) (free some space and run again to resume)")
                }
                throw failure("cannot write", path)
            }
            offset += count
        }
    }

    /// The sha256 of everything in the file, as lowercase hex.
    func digest() -> String {
        var copy = hasher
        return copy.finalizeHex()
    }

    func sync() throws {
        guard fsync(descriptor) == 0 else {
            if errno == ENOSPC { throw HubError("disk full: cannot write \(url.path)") }
            throw Self.failure("cannot write", url)
        }
    }

    /// Appends the whole of `segment` (a finished download task's file) and returns how many bytes it held.
    @discardableResult
    func append(contentsOf segment: URL) throws -> Int64 {
        let before = written
        try Self.read(segment) { try append($0) }
        return written - before
    }

    private func hashExisting() throws {
        try Self.read(url) { chunk in
            hasher.update(chunk)
            written += Int64(chunk.count)
        }
    }

    /// Calls `body` with `file`'s bytes, 1 MiB at a time.
    private static func read(_ file: URL, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let reader = open(file.path, O_RDONLY)
        guard reader >= 0 else { throw failure("cannot read", file) }
        defer { close(reader) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Foundation.read(reader, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read", file) }
            if count == 0 { break }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    static func failure(_ what: String, _ url: URL) -> HubError {
        HubError("\(what) \(url.path): \(String(cString: strerror(errno)))")
    }
}
