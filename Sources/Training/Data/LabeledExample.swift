/// One example read from a data file: a text (and optional pair) with one label, or a sentence of words with
/// one tag each (token task). `line` is the 1-based line where it starts, for error messages.
public struct LabeledExample: Sendable, Equatable {
    public var text: String
    public var pair: String?
    public var label: String
    /// Token task: the words and their tags (`text` is then the words joined by spaces).
    public var words: [String]
    public var tags: [String]
    public var line: Int

    public init(text: String, pair: String? = nil, label: String, line: Int) {
        self.text = text
        self.pair = pair
        self.label = label
        self.words = []
        self.tags = []
        self.line = line
    }

    public init(words: [String], tags: [String], line: Int) {
        self.text = words.joined(separator: " ")
        self.pair = nil
        self.label = ""
        self.words = words
        self.tags = tags
        self.line = line
    }
}
