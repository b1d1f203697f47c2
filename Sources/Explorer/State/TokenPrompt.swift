/// A one-line prompt on the status line while exploring: `/` finds a token by its text, `:` jumps to a position.
public struct TokenPrompt: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `/`: the next token (after the selection, wrapping) whose text contains the query, ignoring case and `##`.
        case search
        /// `:`: the token at a position.
        case jump
    }

    public var kind: Kind
    public var text = ""

    public init(kind: Kind) {
        self.kind = kind
    }

    /// What the status line shows: the key and the text typed so far.
    public var label: String { (kind == .search ? "/" : ":") + text }
}
