/// One request the test hub received.
public struct RecordedRequest: Sendable {
    public let method: String
    /// The request target as sent (absolute-form when it came through a proxy).
    public let target: String
    /// Path without the query.
    public let path: String
    /// Header names lowercased.
    public let headers: [String: String]
}
