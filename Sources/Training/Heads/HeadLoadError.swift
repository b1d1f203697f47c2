/// A head directory that cannot be used: one line naming the file.
public struct HeadLoadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
