import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Collects one request's response: headers, then either a size-capped body (a data task) or a file (a download
/// task, which URLSession writes to disk as the bytes arrive, so memory stays bounded whatever the size).
///
/// A data task's delegate callbacks are queued without waiting for the previous one, so a slow consumer lets
/// them pile up in memory (measured: a 256 MiB file held ~180 MiB), and suspending the task to push back makes
/// libcurl deliver bytes twice; hence files always go through download tasks.
final class RequestDelegate: NSObject, URLSessionDataDelegate, URLSessionDownloadDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)
    private let redirects: RedirectPolicy
    private let bodyLimit: Int
    /// Where a download task's file is moved when it completes.
    private let destination: URL?
    private let progress: ((Int64) -> Void)?
    /// The host the token belongs to: it is not sent to any other host a redirect leads to.
    private let tokenHost: String?
    private var response: HTTPURLResponse?
    private var body = Data()
    private var failure: Error?

    init(redirects: RedirectPolicy, bodyLimit: Int, tokenHost: String?, destination: URL?, progress: ((Int64) -> Void)?) {
        self.redirects = redirects
        self.bodyLimit = bodyLimit
        self.tokenHost = tokenHost
        self.destination = destination
        self.progress = progress
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
        let follow: Bool
        switch redirects {
        case .none: follow = false
        case .sameOrigin:
            let from = task.originalRequest?.url, to = request.url
            follow = from?.scheme == to?.scheme && from?.host?.lowercased() == to?.host?.lowercased() && from?.port == to?.port
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
        if body.count + data.count <= bodyLimit {
            body.append(data)
        } else {
            failure = HubError("response from \(dataTask.originalRequest?.url?.host ?? "server") is larger than \(bodyLimit) bytes")
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didWriteData bytesWritten: Int64,
                    totalBytesWritten: Int64, totalBytesExpectedToWrite: Int64) {
        progress?(bytesWritten)
    }

    /// The temporary file is deleted when this returns, so it is moved now.
    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {
        lock.lock()
        defer { lock.unlock() }
        if response == nil { response = downloadTask.response as? HTTPURLResponse }
        guard let destination else { return }
        do {
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: location, to: destination)
        } catch {
            failure = HubError("cannot move the download to \(destination.path): \(error.localizedDescription)")
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        if failure == nil, let error { failure = error }
        if response == nil { response = task.response as? HTTPURLResponse }
        lock.unlock()
        finished.signal()
    }
}
