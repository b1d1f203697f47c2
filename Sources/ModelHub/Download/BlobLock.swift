import Foundation

/// An exclusive `flock` on `<cache>/.locks/models--ORG--NAME/<etag>.lock`, the lock file `huggingface_hub`
/// takes for the same blob, so two downloads of one file (ours or Python's) never write it at once.
final class BlobLock {
    private let descriptor: Int32

    /// Blocks until the lock is free (another download of the same file holds it until that file is done).
    init(cache: HubCache, id: HubModelID, etag: String) throws {
        let folder = cache.root.appendingPathComponent(".locks").appendingPathComponent(id.cacheFolderName)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(etag + ".lock").path
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw HubError("cannot create the lock \(path): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw HubError("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
