import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An imitation of the Hugging Face hub on 127.0.0.1 for tests: `/api/models/{repo}/revision/{rev}`,
/// `/api/models/{repo}/tree/{rev}`, `/{repo}/resolve/{rev}/{file}` (LFS files redirect to `/cdn/<sha256>` on
/// `localhost`, another origin, as the real hub redirects to its CDN) with `X-Repo-Commit`, `ETag`,
/// `X-Linked-Etag`, `X-Linked-Size`, and `Range` on downloads.
///
/// Bounded: one connection at a time with a 5-second read timeout, at most 1,000 connections, and the server
/// stops itself after 60 seconds without a connection (or on `stop()`/deinit).
public final class HubTestServer: @unchecked Sendable {
    /// Misbehaviours to test against.
    public struct Options: Sendable {
        /// Requests must carry `Authorization: Bearer <token>` (a gated repo).
        public var requiredToken: String?
        /// LFS files served with one byte changed.
        public var corrupt: Set<String> = []
        /// The `request`-th GET (from 1) of this file's content stops (connection closed) after `afterBytes` bytes.
        public var interrupt: (file: String, request: Int, afterBytes: Int)?
        /// Answer 200 with the whole file to a Range request.
        public var ignoreRange = false
        /// Files listed in the repo but answered with 404 `EntryNotFound`.
        public var missing: Set<String> = []
        /// LFS content answered with a redirect to itself, forever.
        public var redirectLoop = false
        /// Bytes of junk sent after each file's content (its declared size stays the real one).
        public var oversend = 0
        /// Seconds each request waits before its answer.
        public var stall: Double = 0
        /// The CDN answers each file with one more redirect (with a body) to `/cdn/moved/<sha256>`, which serves it.
        public var cdnRedirect = false
        public init() {}
    }

    public let repo: HubFixtureRepo
    public let port: UInt16
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private let options: Options
    private let listener: Int32
    private let lock = NSLock()
    private var stopped = false
    private var recorded: [RecordedRequest] = []
    private var contentRequests: [String: Int] = [:]
    private let finished = DispatchSemaphore(value: 0)

    public init(repo: HubFixtureRepo, options: Options = Options()) throws {
        self.repo = repo
        self.options = options
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw TestServerError("bind/listen: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    /// Every request received so far.
    public var requests: [RecordedRequest] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// Stops accepting and waits (at most 10 s) for the accept loop to end.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        if !wasStopped { _ = finished.wait(timeout: .now() + 10) }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        defer {
            close(listener)
            finished.signal()
        }
        var idle = 0.0
        var connections = 0
        while !isStopped && idle < 60 && connections < 1000 {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { idle += 0.1; continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            idle = 0
            connections += 1
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            handle(client)
            close(client)
        }
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private func handle(_ client: Int32) {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buffer.count < 65536 {
            let count = read(client, &chunk, chunk.count)
            guard count > 0 else { return }
            buffer += chunk[0..<count]
            if buffer.count >= 4, buffer.suffix(4) == [13, 10, 13, 10] { break }
        }
        let text = String(decoding: buffer, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count == 3 else { return }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() where line.contains(":") {
            let pair = line.split(separator: ":", maxSplits: 1)
            headers[pair[0].lowercased()] = pair.count > 1 ? pair[1].trimmingCharacters(in: .whitespaces) : ""
        }
        let target = String(parts[1])
        var path = target
        if let range = path.range(of: "://") {
            // Absolute form (through a proxy): keep the path.
            let rest = path[range.upperBound...]
            path = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        path = String(path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        path = path.removingPercentEncoding ?? path
        let request = RecordedRequest(method: String(parts[0]), target: target, path: path, headers: headers)
        lock.lock()
        recorded.append(request)
        lock.unlock()
        if options.stall > 0 { Thread.sleep(forTimeInterval: options.stall) }
        let response = respond(to: request)
        send(response, method: request.method, to: client)
    }

    private struct Response {
        var status: Int
        var headers: [String: String] = [:]
        var body = Data()
        var sendOnly: Int?
    }

    private func respond(to request: RecordedRequest) -> Response {
        let path = request.path
        if path.hasPrefix("/cdn/moved/") { return content(sha256: String(path.dropFirst(11)), request: request) }
        if path.hasPrefix("/cdn/") {
            let sha = String(path.dropFirst(5))
            guard options.cdnRedirect else { return content(sha256: sha, request: request) }
            return Response(status: 302, headers: ["Location": "/cdn/moved/\(sha)"], body: Data("Found. Redirecting to /cdn/moved/\(sha)".utf8))
        }
        if let token = options.requiredToken {
            let authorization = request.headers["authorization"]
            if authorization == nil { return Response(status: 401, headers: ["X-Error-Code": "GatedRepo"]) }
            if authorization != "Bearer \(token)" { return Response(status: 403, headers: ["X-Error-Code": "GatedRepo"]) }
        }
        for api in ["revision", "tree"] {
            let prefix = "/api/models/\(repo.repo)/\(api)/"
            guard path.hasPrefix(prefix) else { continue }
            let revision = String(path.dropFirst(prefix.count))
            guard revision == "main" || revision == repo.commit else {
                return Response(status: 404, headers: ["X-Error-Code": "RevisionNotFound"])
            }
            let body: Any = api == "revision"
                ? ["id": repo.repo, "sha": repo.commit, "siblings": repo.files.map { ["rfilename": $0.path] }]
                : repo.files.map { file -> [String: Any] in
                    var entry: [String: Any] = ["type": "file", "path": file.path, "size": file.data.count, "oid": file.oid]
                    if let sha = file.sha256 { entry["lfs"] = ["oid": sha, "size": file.data.count, "pointerSize": 134] }
                    return entry
                }
            return Response(status: 200, headers: ["Content-Type": "application/json"],
                            body: try! JSONSerialization.data(withJSONObject: body))
        }
        let prefix = "/\(repo.repo)/resolve/"
        guard path.hasPrefix(prefix) else {
            return Response(status: 401, headers: ["X-Error-Code": "RepoNotFound"])
        }
        let rest = path.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return Response(status: 404, headers: ["X-Error-Code": "EntryNotFound"]) }
        let revision = String(rest[..<slash]), name = String(rest[rest.index(after: slash)...])
        guard revision == "main" || revision == repo.commit else {
            return Response(status: 404, headers: ["X-Error-Code": "RevisionNotFound"])
        }
        guard let file = repo.file(name), !options.missing.contains(name) else {
            return Response(status: 404, headers: ["X-Error-Code": "EntryNotFound"])
        }
        var headers = ["X-Repo-Commit": repo.commit, "ETag": "\"\(file.oid)\""]
        guard let sha = file.sha256 else { return Response(status: 200, headers: headers, body: file.data) }
        headers["X-Linked-Etag"] = "\"\(sha)\""
        headers["X-Linked-Size"] = String(file.data.count)
        headers["Location"] = "http://localhost:\(port)/cdn/\(sha)"
        // As the hub does, the redirect carries a short text body.
        return Response(status: 302, headers: headers, body: Data("Found. Redirecting to \(headers["Location"]!)".utf8))
    }

    private func content(sha256: String, request: RecordedRequest) -> Response {
        guard let file = repo.files.first(where: { $0.sha256 == sha256 }) else { return Response(status: 404) }
        if options.redirectLoop { return Response(status: 302, headers: ["Location": request.path]) }
        var data = file.data
        if options.corrupt.contains(file.path), !data.isEmpty { data[data.startIndex] ^= 0xFF }
        data.append(Data(repeating: 0x4A, count: options.oversend))
        var response = Response(status: 200, headers: ["ETag": "\"\(sha256)\""], body: data)
        if let range = request.headers["range"], !options.ignoreRange, range.hasPrefix("bytes=") {
            let bounds = range.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
            guard let start = Int(bounds[0]), start < data.count else {
                return Response(status: 416, headers: ["Content-Range": "bytes */\(data.count)"])
            }
            let end = bounds.count > 1 ? min(Int(bounds[1]) ?? (data.count - 1), data.count - 1) : data.count - 1
            response = Response(status: 206, headers: ["Content-Range": "bytes \(start)-\(end)/\(data.count)"],
                                body: data.subdata(in: start..<(end + 1)))
        }
        lock.lock()
        if request.method == "GET" {
            contentRequests[file.path, default: 0] += 1
            if let interrupt = options.interrupt, interrupt.file == file.path, interrupt.request == contentRequests[file.path] {
                response.sendOnly = interrupt.afterBytes
            }
        }
        lock.unlock()
        return response
    }

    private func send(_ response: Response, method: String, to client: Int32) {
        var head = "HTTP/1.1 \(response.status) \(response.status < 300 ? "OK" : response.status < 400 ? "Found" : "Error")\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if method != "HEAD" { bytes += response.body.prefix(response.sendOnly ?? response.body.count) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            offset += count
        }
    }
}
