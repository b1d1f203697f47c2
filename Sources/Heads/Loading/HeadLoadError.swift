/// A task head that cannot be loaded: one line naming the file, tensor or config field.
public struct HeadLoadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
