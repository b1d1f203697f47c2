/// `forward` was given ids or segments the model cannot take (empty, too long, out of the vocabulary).
public struct EncoderInputError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
