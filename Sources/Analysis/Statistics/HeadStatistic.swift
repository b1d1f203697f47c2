/// One statistic of an attention head (Clark et al. 2019, "What Does BERT Look At?"), each a mean over the
/// query rows of a sentence (or a corpus).
public enum HeadStatistic: String, Sendable, CaseIterable {
    /// Entropy of the row, in nats: low for a head that looks at few tokens.
    case entropy
    /// Attention to `[CLS]`.
    case cls
    /// Attention to every `[SEP]`, summed.
    case sep
    /// Attention to punctuation tokens, summed.
    case punctuation
    /// Attention of a token to itself.
    case `self`
    /// Attention to the previous token (rows that have one).
    case previous
    /// Attention to the next token (rows that have one).
    case next
    /// Expected distance `Σ_j a_ij |i − j|` in tokens.
    case distance

    /// A short label for headers, legends and CSV columns.
    public var label: String {
        switch self {
        case .entropy: return "entropy"
        case .cls: return "[CLS]"
        case .sep: return "[SEP]"
        case .punctuation: return "punct"
        case .self: return "self"
        case .previous: return "prev"
        case .next: return "next"
        case .distance: return "distance"
        }
    }

    /// What the statistic measures, for headers and legends.
    public var meaning: String {
        switch self {
        case .entropy: return "entropy of the attention row (nats)"
        case .cls: return "attention to [CLS]"
        case .sep: return "attention to [SEP]"
        case .punctuation: return "attention to punctuation"
        case .self: return "attention to the token itself"
        case .previous: return "attention to the previous token"
        case .next: return "attention to the next token"
        case .distance: return "mean attention distance (tokens)"
        }
    }

    /// The next statistic, for cycling with one key.
    public var following: HeadStatistic {
        let all = HeadStatistic.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
