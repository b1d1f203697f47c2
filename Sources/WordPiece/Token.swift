/// One token of an encoding, with everything the explorer shows for it.
public struct Token: Sendable, Equatable, Hashable {
    /// Vocabulary id.
    public var id: Int
    /// The vocabulary string (`##` kept on continuation pieces).
    public var text: String
    /// Character span in the original input, in Unicode scalars (as Python `str` indexes);
    /// nil for tokens with no span, such as the added `[CLS]` and `[SEP]`.
    public var start: Int?
    public var end: Int?
    /// Position id fed to the encoder.
    public var position: Int
    /// Segment (token type) id: 0 for the first sentence, 1 for the second of a pair.
    public var segment: Int
    /// True for special tokens ([CLS], [SEP], [MASK], ...), whether added or typed in the text.
    public var isSpecial: Bool

    public init(id: Int, text: String, start: Int?, end: Int?, position: Int, segment: Int, isSpecial: Bool) {
        self.id = id
        self.text = text
        self.start = start
        self.end = end
        self.position = position
        self.segment = segment
        self.isSpecial = isSpecial
    }

    /// True for `##` continuation pieces.
    public var isContinuation: Bool { text.hasPrefix("##") && text.count > 2 }
}
