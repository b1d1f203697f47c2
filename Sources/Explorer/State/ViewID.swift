/// Names a view of the explorer (`attention`, `token`, ...). Each view file declares its own constant in an
/// extension, so adding a view never edits this file.
public struct ViewID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}
