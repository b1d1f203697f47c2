/// Adds the special tokens around the sequences (`TemplateProcessing` / `BertProcessing` of tokenizers):
/// `[CLS] $A [SEP]` and `[CLS] $A [SEP] $B [SEP]`, with a segment (type) id per piece.
public struct PostProcessor: Sendable, Equatable {
    /// One piece of a template.
    public enum Piece: Sendable, Equatable {
        /// Special token(s) inserted by the template (no character span).
        case special(ids: [Int], tokens: [String], typeID: Int)
        /// The first (`first == true`) or second sequence.
        case sequence(first: Bool, typeID: Int)
    }

    public var single: [Piece]
    public var pair: [Piece]

    public init(single: [Piece], pair: [Piece]) {
        self.single = single
        self.pair = pair
    }

    /// BERT's template for the given `[CLS]` and `[SEP]`.
    public static func bert(cls: (String, Int), sep: (String, Int)) -> PostProcessor {
        let clsPiece = Piece.special(ids: [cls.1], tokens: [cls.0], typeID: 0)
        return PostProcessor(
            single: [clsPiece, .sequence(first: true, typeID: 0), .special(ids: [sep.1], tokens: [sep.0], typeID: 0)],
            pair: [clsPiece, .sequence(first: true, typeID: 0), .special(ids: [sep.1], tokens: [sep.0], typeID: 0),
                   .sequence(first: false, typeID: 1), .special(ids: [sep.1], tokens: [sep.0], typeID: 1)])
    }

    /// No special tokens at all.
    public static let none = PostProcessor(
        single: [.sequence(first: true, typeID: 0)],
        pair: [.sequence(first: true, typeID: 0), .sequence(first: false, typeID: 1)])

    /// Every special token the templates insert, with its id (repeats included), single template first.
    public var specialTokens: [(id: Int, token: String)] {
        (single + pair).flatMap { piece -> [(id: Int, token: String)] in
            guard case .special(let ids, let tokens, _) = piece else { return [] }
            return zip(ids, tokens).map { (id: $0, token: $1) }
        }
    }

    /// Number of tokens the template adds (what truncation keeps room for).
    public func addedTokenCount(pair isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) { count, piece in
            if case .special(let ids, _, _) = piece { return count + ids.count }
            return count
        }
    }
}
