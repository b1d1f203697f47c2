import CLazyCurl
import Foundation

/// Blocking HTTP(S) requests over libcurl, loaded on the first request (`CLazyCurl`), which takes `http_proxy`,
/// `https_proxy` and `no_proxy` from the environment. Redirects are followed here, so the hub token goes to the
/// endpoint's host only, whatever host a redirect leads to.
struct HTTPClient: Sendable {
    /// Redirects one request follows at most.
    static let redirectLimit = 10

    let timeout: Double
    let token: String?
    let tokenHost: String?

    init(settings: HubSettings) {
        timeout = settings.timeout
        token = settings.token
        tokenHost = URL(string: settings.endpoint)?.host
    }

    /// Sends one `GET` (or `HEAD`) and keeps its body (up to `bodyLimit` bytes).
    func send(_ url: URL, head: Bool = false, headers: [String: String] = [:], redirects: RedirectPolicy,
              bodyLimit: Int = 32 << 20) throws -> HTTPResponse {
        try perform(url, head: head, headers: headers, redirects: redirects, bodyLimit: bodyLimit, destination: nil, progress: nil)
    }

    /// GETs `url` into the file `destination` (replaced), written as the bytes arrive, failing past `limit` bytes
    /// (a server may not fill the disk); `progress` gets each chunk's size. The response's body is empty; what
    /// arrived is in `destination` (for any status).
    func download(_ url: URL, headers: [String: String], to destination: URL, limit: Int64?,
                  progress: ((Int64) -> Void)?) throws -> HTTPResponse {
        try perform(url, head: false, headers: headers, redirects: .all, bodyLimit: limit.map { Int(clamping: $0) } ?? .max,
                    destination: destination, progress: progress)
    }

    private func perform(_ url: URL, head: Bool, headers: [String: String], redirects: RedirectPolicy, bodyLimit: Int,
                         destination: URL?, progress: ((Int64) -> Void)?) throws -> HTTPResponse {
        var current = url
        for _ in 0...Self.redirectLimit {
            let response = try exchange(current, head: head, headers: headers, bodyLimit: bodyLimit,
                                        destination: destination, progress: progress)
            guard response.isRedirect, let location = response.header("Location"),
                  let next = URL(string: location, relativeTo: current)?.absoluteURL,
                  ["http", "https"].contains(next.scheme?.lowercased()),
                  redirects.follows(from: current, to: next) else { return response }
            current = next
        }
        throw HubError("\(HubText.escaped(url.host ?? url.absoluteString)) redirected more than \(Self.redirectLimit) times")
    }

    /// One request and its response, no redirect followed.
    private func exchange(_ url: URL, head: Bool, headers: [String: String], bodyLimit: Int, destination: URL?,
                          progress: ((Int64) -> Void)?) throws -> HTTPResponse {
        let host = HubText.escaped(url.host ?? url.absoluteString)
        // Sizes and hashes are of the stored bytes: no transparent compression.
        var lines = ["User-Agent: bert-explorer (huggingface_hub-compatible)", "Accept-Encoding: identity"]
        if let token, url.host == tokenHost { lines.append("Authorization: Bearer \(token)") }
        lines += headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        if let bad = lines.first(where: { $0.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 } }) {
            let name = bad.prefix { $0 != ":" }
            throw HubError("cannot send the \(HubText.escaped(String(name))) header to \(host): it holds a line break (check HF_TOKEN)")
        }
        let collector = try ResponseCollector(bodyLimit: bodyLimit, host: host, destination: destination, progress: progress)
        let copies = lines.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        var status = 0
        var message = [CChar](repeating: 0, count: 512)
        let code = url.absoluteString.withCString { text in
            pointers.withUnsafeBufferPointer { lines in
                var request = lazy_curl_request(
                    url: text, head: head ? 1 : 0, headers: lines.baseAddress, header_count: Int32(lines.count),
                    timeout_ms: Int(min(timeout, 86_400) * 1000),
                    on_header: { bytes, size, context in
                        Self.collector(context).receiveHeader(UnsafeRawBufferPointer(start: bytes, count: size)) ? size : 0
                    },
                    on_body: { bytes, size, context in
                        Self.collector(context).receiveBody(UnsafeRawBufferPointer(start: bytes, count: size)) ? size : 0
                    },
                    context: Unmanaged.passUnretained(collector).toOpaque())
                return withExtendedLifetime(collector) { lazy_curl_perform(&request, &status, &message, message.count) }
            }
        }
        if let failure = collector.failure { throw failure }
        guard code == 0 else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw HubError(Self.describe(code, reason: reason, host: host))
        }
        return HTTPResponse(status: status, headers: collector.headers, body: collector.body, url: url)
    }

    private static func collector(_ context: UnsafeMutableRawPointer?) -> ResponseCollector {
        Unmanaged<ResponseCollector>.fromOpaque(context!).takeUnretainedValue()
    }

    /// The one-line error for a failed transfer (`host` already escaped).
    static func describe(_ code: Int32, reason: String, host: String) -> String {
        switch code {
        case Int32(LAZY_CURL_TIMED_OUT):
            return "no network: \(host) did not answer within the timeout (set HF_HUB_OFFLINE=1 to use only the cache)"
        case Int32(LAZY_CURL_CANNOT_RESOLVE_HOST), Int32(LAZY_CURL_CANNOT_CONNECT), Int32(LAZY_CURL_CANNOT_RESOLVE_PROXY):
            return "no network: cannot reach \(host) (set HF_HUB_OFFLINE=1 to use only the cache)"
        case Int32(LAZY_CURL_UNAVAILABLE):
            return HubText.escaped(reason)
        default:
            return "network error talking to \(host): \(HubText.escaped(reason))"
        }
    }
}
