/// A safetensors file is unreadable or malformed; the message says which check failed.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
