/// A model could not be found; the message names what was looked for and where.
public struct ModelLocatorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
