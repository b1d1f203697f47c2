import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Collects one request's response: headers, then either a size-capped body or chunks handed to a sink as they
/// arrive (the sink writes them to disk, so memory stays bounded by the transport's chunk size).
final class RequestDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)
    private let redirects: RedirectPolicy
    private let bodyLimit: Int
    private let sink: ((Int, UnsafeRawBufferPointer) throws -> Void)?
    /// The host the token belongs to: it is not sent to any other host a redirect leads to.
    private let tokenHost: String?
    private var response: HTTPURLResponse?
    private var body = Data()
    private var failure: Error?

    init(redirects: RedirectPolicy, bodyLimit: Int, tokenHost: String?, sink: ((Int, UnsafeRawBufferPointer) throws -> Void)?) {
        self.redirects = redirects
        self.bodyLimit = bodyLimit
        self.tokenHost = tokenHost
        self.sink = sink
    }

    /// Blocks until the task completes (its idle timeout bounds the wait), then returns what it got.
    func wait() throws -> (HTTPURLResponse, Data) {
        finished.wait()
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        guard let response else { throw HubError("no HTTP response") }
        return (response, body)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        let location = response.value(forHTTPHeaderField: "Location") ?? ""
        let follow: Bool
        switch redirects {
        case .none: follow = false
        case .relativeOnly: follow = location.hasPrefix("/") && !location.hasPrefix("//")
        case .all: follow = true
        }
        guard follow else { return completionHandler(nil) }
        var next = request
        if let tokenHost, request.url?.host != tokenHost { next.setValue(nil, forHTTPHeaderField: "Authorization") }
        completionHandler(next)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        lock.lock()
        self.response = response as? HTTPURLResponse
        lock.unlock()
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil else { return }
        let status = response?.statusCode ?? 0
        if let sink, (200..<300).contains(status) {
            do { try data.withUnsafeBytes { try sink(status, $0) } } catch {
                failure = error
                dataTask.cancel()
            }
        } else if body.count + data.count <= bodyLimit {
            body.append(data)
        } else {
            failure = HubError("response from \(dataTask.originalRequest?.url?.host ?? "server") is larger than \(bodyLimit) bytes")
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        if failure == nil, let error { failure = error }
        lock.unlock()
        finished.signal()
    }
}
