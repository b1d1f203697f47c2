/// Which columns of a CSV, TSV or JSON-lines file hold the text, the optional second text and the label.
public struct DataColumns: Sendable, Codable, Equatable {
    public var text: String
    public var pair: String?
    public var label: String

    public init(text: String = "text", pair: String? = nil, label: String = "label") {
        self.text = text
        self.pair = pair
        self.label = label
    }
}
