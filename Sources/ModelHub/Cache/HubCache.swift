import Encoder
import Foundation

/// The Hugging Face cache layout, as `huggingface_hub` writes it:
/// `models--ORG--NAME/blobs/<etag>`, `snapshots/<commit>/<file>` (a relative symlink to the blob) and
/// `refs/<revision>` (a file holding the commit).
public struct HubCache: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }
    public init(settings: HubSettings) { root = URL(fileURLWithPath: settings.cacheDirectory) }

    public func repoFolder(_ id: HubModelID) -> URL { root.appendingPathComponent(id.cacheFolderName) }
    public func blob(_ id: HubModelID, etag: String) -> URL {
        repoFolder(id).appendingPathComponent("blobs").appendingPathComponent(etag)
    }
    public func snapshotFolder(_ id: HubModelID, commit: String) -> URL {
        repoFolder(id).appendingPathComponent("snapshots").appendingPathComponent(commit)
    }
    func refFile(_ id: HubModelID, revision: String) -> URL {
        repoFolder(id).appendingPathComponent("refs").appendingPathComponent(revision)
    }

    /// The commit `refs/<revision>` names, if any.
    public func commit(for id: HubModelID, revision: String) -> String? {
        // MappedFile reads regular files only: a FIFO planted as a ref must not block.
        guard let file = try? MappedFile(url: refFile(id, revision: revision)), file.bytes.count <= 256,
              case let data = withExtendedLifetime(file, { Data(file.bytes) }),
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              HubText.isSafeComponent(text) else { return nil }
        return text
    }

    /// The snapshot folder for `id`'s revision: a commit hash names its folder; a branch or tag goes through
    /// `refs/`. For the default branch without a usable `refs/main`, the most recently modified snapshot (ties
    /// broken by name), as a cache copied without its refs still works.
    public func snapshot(for id: HubModelID) -> URL? {
        let fm = FileManager.default
        let revision = id.revision
        if HubModelID.isCommitHash(revision) {
            let folder = snapshotFolder(id, commit: revision)
            return fm.fileExists(atPath: folder.path) ? folder : nil
        }
        if let commit = commit(for: id, revision: revision) {
            let folder = snapshotFolder(id, commit: commit)
            if fm.fileExists(atPath: folder.path) { return folder }
        }
        guard id.requestedRevision == nil else { return nil }
        let snapshots = repoFolder(id).appendingPathComponent("snapshots")
        let entries = (try? fm.contentsOfDirectory(at: snapshots, includingPropertiesForKeys: [
            .isDirectoryKey, .contentModificationDateKey])) ?? []
        let dated = entries.compactMap { url -> (url: URL, modified: Date)? in
            guard let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .contentModificationDateKey]),
                  values.isDirectory == true else { return nil }
            return (url, values.contentModificationDate ?? .distantPast)
        }
        return dated.max { ($0.modified, $1.url.lastPathComponent) < ($1.modified, $0.url.lastPathComponent) }?.url
    }

    /// Writes `refs/<revision>` (no trailing newline, as `huggingface_hub` writes it).
    func writeRef(_ id: HubModelID, revision: String, commit: String) throws {
        let file = refFile(id, revision: revision)
        if self.commit(for: id, revision: revision) == commit { return }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(commit.utf8).write(to: file, options: .atomic)
    }

    /// Points `snapshots/<commit>/<file>` at `blobs/<etag>` with a relative symlink, replacing whatever was there.
    /// The link is made under a unique name and renamed into place, so concurrent downloads never see a half
    /// state or collide.
    func link(_ id: HubModelID, commit: String, file: String, etag: String) throws {
        let fm = FileManager.default
        let destination = snapshotFolder(id, commit: commit).appendingPathComponent(file)
        try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let depth = file.split(separator: "/").count - 1
        let target = String(repeating: "../", count: depth + 2) + "blobs/" + etag
        if (try? fm.destinationOfSymbolicLink(atPath: destination.path)) == target { return }
        let temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).link")
        try fm.createSymbolicLink(atPath: temporary.path, withDestinationPath: target)
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: temporary)
            throw HubError("cannot link \(destination.path): \(reason)")
        }
    }
}
