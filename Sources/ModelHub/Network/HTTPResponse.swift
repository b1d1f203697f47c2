import Foundation

/// The status, headers and (for small requests) body of one HTTP exchange.
struct HTTPResponse: Sendable {
    let status: Int
    /// Header names lowercased.
    let headers: [String: String]
    let body: Data
    /// The URL that answered (after any followed redirect).
    let url: URL?

    func header(_ name: String) -> String? { headers[name.lowercased()] }
    var isSuccess: Bool { (200..<300).contains(status) }
    var isRedirect: Bool { (300..<400).contains(status) }
}
