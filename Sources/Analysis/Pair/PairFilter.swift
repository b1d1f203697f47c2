/// Which part of a sentence pair's attention to show (bertviz's sentence-pair filters): queries from one
/// segment attending to keys in one segment. Segment 0 (`[CLS] A [SEP]`) is A, segment 1 (`B [SEP]`) is B.
public enum PairFilter: String, Sendable, CaseIterable {
    case all
    case aToB = "a-b"
    case bToA = "b-a"
    case aToA = "a-a"
    case bToB = "b-b"

    /// A short label: `all`, `A→B`, ...
    public var label: String {
        switch self {
        case .all: return "all"
        case .aToB: return "A→B"
        case .bToA: return "B→A"
        case .aToA: return "A→A"
        case .bToB: return "B→B"
        }
    }

    /// The next filter, for cycling with one key.
    public var next: PairFilter {
        let all = PairFilter.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// Segment of the queries kept (nil: every query).
    public var querySegment: Int? {
        switch self {
        case .all: return nil
        case .aToB, .aToA: return 0
        case .bToA, .bToB: return 1
        }
    }

    /// Segment of the keys kept (nil: every key).
    public var keySegment: Int? {
        switch self {
        case .all: return nil
        case .bToA, .aToA: return 0
        case .aToB, .bToB: return 1
        }
    }

    /// Indices of the query tokens kept, given each token's segment (0 for A, anything else for B).
    public func queries(_ segments: [Int]) -> [Int] { Self.select(segments, querySegment) }

    /// Indices of the key tokens kept.
    public func keys(_ segments: [Int]) -> [Int] { Self.select(segments, keySegment) }

    /// Whether the cell (query, key) is kept.
    public func keeps(query: Int, key: Int, segments: [Int]) -> Bool {
        Self.matches(segments[query], querySegment) && Self.matches(segments[key], keySegment)
    }

    /// The matrix with every cell outside the filter set to zero (same shape, so the picture keeps its
    /// layout and the segment boundary stays where it is).
    public func masked(_ matrix: AttentionMatrix, segments: [Int]) -> AttentionMatrix {
        precondition(segments.count == matrix.size, "one segment per token")
        guard self != .all else { return matrix }
        var out = matrix
        for q in 0..<matrix.size {
            for k in 0..<matrix.size where !keeps(query: q, key: k, segments: segments) { out[q, k] = 0 }
        }
        return out
    }

    /// The first token of segment B, where the heatmap draws the boundary; nil for a single sentence.
    public static func boundary(_ segments: [Int]) -> Int? {
        segments.firstIndex { $0 != 0 }
    }

    private static func matches(_ segment: Int, _ wanted: Int?) -> Bool {
        guard let wanted else { return true }
        return wanted == 0 ? segment == 0 : segment != 0
    }

    private static func select(_ segments: [Int], _ wanted: Int?) -> [Int] {
        segments.indices.filter { matches(segments[$0], wanted) }
    }
}
