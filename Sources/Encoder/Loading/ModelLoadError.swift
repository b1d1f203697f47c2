/// A model directory cannot be loaded: bad config, unsupported model type, missing or mis-shaped tensor.
public struct ModelLoadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
