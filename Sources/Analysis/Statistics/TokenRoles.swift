import WordPiece

/// What each token of a sentence is, as the head statistics count it: `[CLS]`, `[SEP]`, punctuation.
public struct TokenRoles: Sendable, Equatable {
    public let isCLS: [Bool]
    public let isSEP: [Bool]
    /// Every character is punctuation as BERT's pre-tokeniser defines it (ASCII symbols and Unicode `P*`).
    public let isPunctuation: [Bool]

    public var count: Int { isCLS.count }

    /// Roles read from token strings (`[CLS]` and `[SEP]` by their text, so a typed `[SEP]` counts too).
    public init(texts: [String]) {
        isCLS = texts.map { $0 == "[CLS]" }
        isSEP = texts.map { $0 == "[SEP]" }
        isPunctuation = texts.map(TokenRoles.isPunctuationText)
    }

    public init(tokens: [Token]) {
        self.init(texts: tokens.map(\.text))
    }

    static func isPunctuationText(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy(isPunctuation)
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 33...47, 58...64, 91...96, 123...126: return true
        default: break
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
