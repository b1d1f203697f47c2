/// A request the data cannot satisfy (a layer, head or token out of range, norm-based attention without value
/// norms): one line for the user.
public struct ExportError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
