/// A PyTorch checkpoint is malformed, or holds something other than a plain state dict; the message names the
/// file part, opcode or global that was refused.
public struct PyTorchError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
