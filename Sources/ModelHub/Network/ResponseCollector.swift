import Foundation

/// Collects one transfer's response as libcurl delivers it: the header lines, then the body, at most `bodyLimit`
/// bytes, kept in memory or written to a file as the bytes arrive (so memory stays bounded whatever the size). A
/// redirect's body is counted against the limit and dropped: the request follows it, and the file and the progress
/// are the content's only.
final class ResponseCollector {
    /// Header bytes a response may send; past it the server is not a hub.
    static let headerLimit = 256 << 10

    private let bodyLimit: Int
    private let host: String
    private let destination: URL?
    private let file: Int32
    private let progress: ((Int64) -> Void)?
    private var headerBytes = 0
    private var bodyBytes = 0
    /// The current response is a redirect (3xx).
    private var redirecting = false
    /// Header names lowercased; a later line of the same name wins.
    private(set) var headers: [String: String] = [:]
    private(set) var body = Data()
    /// Why the collector stopped the transfer, if it did.
    private(set) var failure: Error?

    /// `destination`, when given, is created (or emptied) now and receives the body.
    init(bodyLimit: Int, host: String, destination: URL?, progress: ((Int64) -> Void)?) throws {
        self.bodyLimit = bodyLimit
        self.host = host
        self.destination = destination
        self.progress = progress
        if let destination {
            file = open(destination.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard file >= 0 else { throw BlobWriter.failure("cannot create", destination) }
        } else {
            file = -1
        }
    }

    deinit { if file >= 0 { close(file) } }

    /// One header line with its CRLF; a status line starts a new response (a proxy's or an interim one came first).
    func receiveHeader(_ line: UnsafeRawBufferPointer) -> Bool {
        headerBytes += line.count
        guard headerBytes <= Self.headerLimit else {
            failure = HubError("\(host) sent more than \(Self.headerLimit) bytes of headers")
            return false
        }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            headers = [:]
            let status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            redirecting = (300..<400).contains(status)
        } else if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return true
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bodyBytes += bytes.count
        guard bodyBytes <= bodyLimit else {
            failure = HubError("response from \(host) is larger than \(bodyLimit) bytes")
            return false
        }
        if redirecting { return true }
        if let destination {
            do { try BlobWriter.write(bytes, to: file, path: destination) } catch {
                failure = error
                return false
            }
            progress?(Int64(bytes.count))
        } else {
            body.append(contentsOf: bytes)
        }
        return true
    }
}
