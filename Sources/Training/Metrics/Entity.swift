/// One entity span: its type and first and last index (inclusive).
public struct Entity: Sendable, Hashable {
    public let type: String
    public let start: Int
    public let end: Int

    public init(type: String, start: Int, end: Int) {
        self.type = type
        self.start = start
        self.end = end
    }
}
