/// The result of tokenizing one sentence or a pair: `[CLS] A [SEP]` or `[CLS] A [SEP] B [SEP]`.
public struct Encoding: Sendable, Equatable {
    public var tokens: [Token]
    /// True when the input was cut to fit the model's maximum length.
    public var truncated: Bool

    public init(tokens: [Token], truncated: Bool) {
        self.tokens = tokens
        self.truncated = truncated
    }

    public var ids: [Int] { tokens.map(\.id) }
    public var segments: [Int] { tokens.map(\.segment) }
    public var positions: [Int] { tokens.map(\.position) }
    public var count: Int { tokens.count }
}
