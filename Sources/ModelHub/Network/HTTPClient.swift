import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Blocking HTTP(S) requests over URLSession (libcurl on Linux, which takes `http_proxy`, `https_proxy` and
/// `no_proxy` from the environment), with the hub token sent only to the endpoint's host.
struct HTTPClient: Sendable {
    let timeout: Double
    let token: String?
    let tokenHost: String?

    init(settings: HubSettings) {
        timeout = settings.timeout
        token = settings.token
        tokenHost = URL(string: settings.endpoint)?.host
    }

    /// Sends one request and keeps its body (up to `bodyLimit` bytes).
    func send(_ url: URL, method: String = "GET", headers: [String: String] = [:], redirects: RedirectPolicy,
              bodyLimit: Int = 32 << 20) throws -> HTTPResponse {
        try perform(url, method: method, headers: headers, redirects: redirects, bodyLimit: bodyLimit, destination: nil, progress: nil)
    }

    /// GETs `url` into the file `destination` (replaced), streamed to disk by URLSession; `progress` gets each
    /// chunk's size. The response's body is empty; what arrived is in `destination` (for any status).
    func download(_ url: URL, headers: [String: String], to destination: URL, progress: ((Int64) -> Void)?) throws -> HTTPResponse {
        try perform(url, method: "GET", headers: headers, redirects: .all, bodyLimit: 0, destination: destination, progress: progress)
    }

    private func perform(_ url: URL, method: String, headers: [String: String], redirects: RedirectPolicy, bodyLimit: Int,
                         destination: URL?, progress: ((Int64) -> Void)?) throws -> HTTPResponse {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("bert-explorer (huggingface_hub-compatible)", forHTTPHeaderField: "User-Agent")
        // Sizes and hashes are of the stored bytes: no transparent compression.
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        if let token, url.host == tokenHost { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }

        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.urlCache = nil
        let delegate = RequestDelegate(redirects: redirects, bodyLimit: bodyLimit, tokenHost: tokenHost,
                                       destination: destination, progress: progress)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        if destination != nil { session.downloadTask(with: request).resume() } else { session.dataTask(with: request).resume() }
        let (response, body): (HTTPURLResponse, Data)
        do { (response, body) = try delegate.wait() } catch let error as URLError {
            throw HubError(Self.describe(error, url: url))
        }
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return HTTPResponse(status: response.statusCode, headers: headers, body: body, url: response.url)
    }

    static func describe(_ error: URLError, url: URL) -> String {
        let host = HubText.escaped(url.host ?? url.absoluteString)
        switch error.code {
        case .timedOut:
            return "no network: \(host) did not answer within the timeout (set HF_HUB_OFFLINE=1 to use only the cache)"
        case .notConnectedToInternet, .cannotFindHost, .cannotConnectToHost, .networkConnectionLost, .dnsLookupFailed:
            return "no network: cannot reach \(host) (set HF_HUB_OFFLINE=1 to use only the cache)"
        default:
            return "network error talking to \(host): \(HubText.escaped(error.localizedDescription))"
        }
    }
}
