/// A hub lookup or download failed; the message is one line naming the repo, file or host.
public struct HubError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
