/// Which side of one token's attention to read.
public enum AttentionDirection: String, Sendable, CaseIterable {
    /// The token's row: how much it attends to each token.
    case given
    /// The token's column: how much each token attends to it.
    case received

    public var toggled: AttentionDirection { self == .given ? .received : .given }
}

extension AttentionMatrix {
    /// The attention `token` gives (its row) or receives (its column).
    public func attention(of token: Int, _ direction: AttentionDirection) -> [Float] {
        direction == .given ? row(token) : column(token)
    }
}
