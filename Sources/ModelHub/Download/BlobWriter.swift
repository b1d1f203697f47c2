import Foundation

/// Appends a download to `blobs/<etag>.incomplete`, hashing as it goes so a large file is verified without
/// being read twice; a resumed download hashes the bytes already there first.
final class BlobWriter {
    let url: URL
    private let descriptor: Int32
    private(set) var written: Int64 = 0
    private var hasher = SHA256()

    /// Opens (creating or continuing) `url`; `resume` false starts it empty.
    init(url: URL, resume: Bool) throws {
        self.url = url
        let flags = O_WRONLY | O_CREAT | (resume ? 0 : O_TRUNC)
        let fd = open(url.path, flags, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot create", url) }
        descriptor = fd
        if resume { try hashExisting() }
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
        var offset = 0
        while offset < bytes.count {
            let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if errno == ENOSPC || errno == EDQUOT {
                    throw HubError("disk full: cannot write \(url.path) (free some space and run again to resume)")
                }
                throw Self.failure("cannot write", url)
            }
            offset += count
        }
        hasher.update(bytes)
        written += Int64(bytes.count)
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

    private func hashExisting() throws {
        let reader = open(url.path, O_RDONLY)
        guard reader >= 0 else { throw Self.failure("cannot read", url) }
        defer { close(reader) }
        // 1 MiB at a time: resuming a multi-gigabyte file stays in bounded memory.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(reader, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Self.failure("cannot read", url) }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            written += Int64(count)
        }
    }

    private static func failure(_ what: String, _ url: URL) -> HubError {
        HubError("\(what) \(url.path): \(String(cString: strerror(errno)))")
    }
}
