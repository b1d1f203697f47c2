import Foundation
import SafeText

/// Downloads the files a model needs from a Hugging Face endpoint into the cache, laid out as
/// `huggingface_hub` lays it out, so either tool reuses what the other fetched.
///
/// Per file: `HEAD /{repo}/resolve/{commit}/{file}` (following redirects within the hub's origin only, as
/// `huggingface_hub` does) gives the commit, the ETag (`X-Linked-Etag` for LFS files: their sha256) and the
/// size; the body goes to `blobs/<etag>.incomplete` in `Range` segments (continued if a previous run was
/// interrupted), is checked against the size and, for LFS files, the sha256, then renamed to `blobs/<etag>` and
/// linked from `snapshots/<commit>/<file>`.
public struct HubDownloader: Sendable {
    public let settings: HubSettings
    public let cache: HubCache
    public let progress: (any DownloadProgress)?
    /// Bytes per `Range` request: what an interruption can lose (16 MiB by default).
    public let segmentSize: Int
    let client: HTTPClient

    public init(settings: HubSettings, progress: (any DownloadProgress)? = nil, segmentSize: Int = 16 << 20) {
        self.settings = settings
        self.cache = HubCache(settings: settings)
        self.progress = progress
        self.segmentSize = max(1, segmentSize)
        self.client = HTTPClient(settings: settings)
    }

    /// Fetches what is missing of `id` and returns its snapshot folder.
    public func download(_ id: HubModelID) throws -> URL {
        guard !settings.offline else {
            throw HubError("\(id) is not in the Hugging Face cache at \(settings.cacheDirectory), and HF_HUB_OFFLINE is set")
        }
        let (commit, files) = try repoInfo(id)
        let selection = try ModelFiles.selection(from: files, repo: id.repo)
        for file in selection.files { try fetch(id, commit: commit, file: file) }
        if let index = selection.index {
            let shards = try ModelFiles.shards(ofIndex: cache.snapshotFolder(id, commit: commit).appendingPathComponent(index))
            for shard in shards {
                guard files.contains(shard) else { throw HubError("\(id.repo): \(index) names \(HubText.quoted(shard)), which the repo does not have") }
                try fetch(id, commit: commit, file: shard)
            }
        }
        if id.revision != commit { try cache.writeRef(id, revision: id.revision, commit: commit) }
        return cache.snapshotFolder(id, commit: commit)
    }

    /// `GET /api/models/{repo}/revision/{revision}`: the commit and the repo's file names.
    func repoInfo(_ id: HubModelID) throws -> (commit: String, files: Set<String>) {
        let url = try endpointURL("api/models/\(id.repo)/revision/\(Self.encode(id.revision, keepSlash: false))")
        let response = try client.send(url, redirects: .sameOrigin)
        guard response.isSuccess else { throw failure(response, id: id, file: nil) }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let commit = object["sha"] as? String, HubText.isSafeComponent(commit) else {
            throw HubError("\(HubText.escaped(settings.endpoint)) sent no commit for \(id) (not a Hugging Face hub?)")
        }
        let siblings = object["siblings"] as? [[String: Any]] ?? []
        let files = Set(siblings.compactMap { $0["rfilename"] as? String }.filter(HubText.isSafeRepoPath))
        return (commit, files)
    }

    /// Makes `snapshots/<commit>/<file>` point at a verified blob, downloading it unless it is already there.
    func fetch(_ id: HubModelID, commit: String, file: String) throws {
        let fm = FileManager.default
        let linked = cache.snapshotFolder(id, commit: commit).appendingPathComponent(file)
        if fm.fileExists(atPath: linked.path) { return }
        let url = try endpointURL("\(id.repo)/resolve/\(commit)/\(Self.encode(file, keepSlash: true))")
        let head = try client.send(url, head: true, redirects: .sameOrigin)
        guard head.isSuccess || head.isRedirect else { throw failure(head, id: id, file: file) }
        let etagHeader = head.header("X-Linked-Etag") ?? head.header("ETag") ?? ""
        let etag = Self.normalizeETag(etagHeader)
        guard HubText.isSafeComponent(etag) else {
            throw HubError("\(id.repo)/\(HubText.escaped(file)): the server sent no usable ETag (\(HubText.quoted(etagHeader)))")
        }
        if let served = head.header("X-Repo-Commit"), served != commit {
            throw HubError("\(id.repo)/\(HubText.escaped(file)): the server answered for commit \(HubText.quoted(served)), not \(commit)")
        }
        let size = (head.header("X-Linked-Size") ?? head.header("Content-Length")).flatMap { Int64($0) }
        var source = url
        if head.isRedirect, let location = head.header("Location") {
            guard let target = URL(string: location, relativeTo: head.url ?? url)?.absoluteURL else {
                throw HubError("\(id.repo)/\(HubText.escaped(file)): unusable redirect \(HubText.quoted(location))")
            }
            source = target
        }
        let blob = cache.blob(id, etag: etag)
        if !fm.fileExists(atPath: blob.path) {
            let lock = try BlobLock(cache: cache, id: id, etag: etag)
            // Another process may have finished it while this one waited for the lock.
            if !fm.fileExists(atPath: blob.path) {
                try fm.createDirectory(at: blob.deletingLastPathComponent(), withIntermediateDirectories: true)
                try downloadBlob(from: source, to: blob, file: file, id: id, etag: etag, size: size)
            }
            withExtendedLifetime(lock) {}
        }
        try cache.link(id, commit: commit, file: file, etag: etag)
    }

    /// Downloads into `blobs/<etag>.incomplete` in segments of at most `segmentSize` bytes (`Range` requests),
    /// each streamed to disk as it arrives and appended; an interrupted run keeps every finished segment, and
    /// the next run continues after them. Then checks size and sha256 and renames to the blob.
    private func downloadBlob(from url: URL, to blob: URL, file: String, id: HubModelID, etag: String, size: Int64?) throws {
        let partial = blob.appendingPathExtension("incomplete")
        let segment = blob.appendingPathExtension("segment")
        defer { try? FileManager.default.removeItem(at: segment) }
        let writer = try BlobWriter(url: partial, resume: true, limit: size ?? .max)
        progress?.start(file: file, total: size, alreadyDone: writer.written)
        defer { progress?.finish() }
        let reporter = progress
        while size.map({ writer.written < $0 }) ?? true {
            let start = writer.written
            var headers: [String: String] = [:]
            if let size {
                headers["Range"] = "bytes=\(start)-\(min(start + Int64(segmentSize), size) - 1)"
            } else if start > 0 {
                headers["Range"] = "bytes=\(start)-"
            }
            // No response may be longer than the whole file (a server that ignores Range sends all of it).
            let response = try client.download(url, headers: headers, to: segment, limit: size) { reporter?.advance(by: Int($0)) }
            // 416: the partial file already holds every byte.
            if response.status == 416 && start > 0 { break }
            guard response.isSuccess else { throw failure(response, id: id, file: file) }
            // 200 instead of 206: the server ignored the Range and sent the whole file.
            if response.status != 206 && start > 0 { try writer.restart() }
            let added = try writer.append(contentsOf: segment)
            if response.status != 206 || size == nil { break }
            guard added > 0 else { break }
        }
        try writer.sync()
        if let size, writer.written != size {
            throw HubError("\(id.repo)/\(HubText.escaped(file)): download stopped at \(writer.written) of \(size) bytes (run again to resume)")
        }
        // LFS files are named by their sha256; small git files by a sha1 of a git header, not checked here.
        if HexDigits.isLowercase(etag, count: 64) {
            let digest = writer.digest()
            guard digest == etag else {
                try? FileManager.default.removeItem(at: partial)
                throw HubError("checksum mismatch for \(id.repo)/\(HubText.escaped(file)): expected sha256 \(etag), got \(digest); the bad download was removed")
            }
        }
        try FileManager.default.moveItem(at: partial, to: blob)
    }

    /// The one-line error for a failed hub request, from its status and `X-Error-Code`.
    func failure(_ response: HTTPResponse, id: HubModelID, file: String?) -> HubError {
        let code = response.header("X-Error-Code") ?? ""
        let host = HubText.escaped(URL(string: settings.endpoint)?.host ?? settings.endpoint)
        let what = file.map { "\(id.repo)/\(HubText.escaped($0))" } ?? id.description
        let gated = code == "GatedRepo" || response.status == 403
        if gated && settings.token == nil {
            return HubError("\(id.repo) is gated on \(host): accept its terms on the hub, then set HF_TOKEN (or $HF_HOME/token)")
        }
        if gated {
            return HubError("your token has no access to \(id.repo) on \(host) (HTTP \(response.status)): accept its terms on the hub")
        }
        switch (code, response.status) {
        case ("RevisionNotFound", _):
            return HubError("\(id.repo) has no revision \(HubText.quoted(id.revision)) on \(host)")
        case ("EntryNotFound", _), (_, 404) where file != nil:
            return HubError("\(what) not found on \(host)")
        case ("RepoNotFound", _), (_, 401), (_, 404):
            let hint = settings.token == nil ? " (if it is private or gated, set HF_TOKEN)" : ""
            return HubError("unknown model \(id.repo) on \(host)\(hint)")
        default:
            return HubError("\(what): HTTP \(response.status) from \(host)")
        }
    }

    private func endpointURL(_ path: String) throws -> URL {
        guard let url = URL(string: settings.endpoint + "/" + path) else {
            throw HubError("HF_ENDPOINT \(HubText.quoted(settings.endpoint)) does not make a valid URL")
        }
        return url
    }

    /// `"abc"` or `W/"abc"` → `abc`.
    static func normalizeETag(_ header: String) -> String {
        var text = header.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    /// Percent-encodes a revision or file path for a URL (`/` kept only between file path components).
    static func encode(_ text: String, keepSlash: Bool) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~" + (keepSlash ? "/" : ""))
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
