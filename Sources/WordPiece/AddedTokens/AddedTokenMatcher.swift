/// Finds added tokens in a scalar buffer the way `tokenizers`' AddedVocabulary does with Aho-Corasick
/// (leftmost-longest, non-overlapping), then applies `single_word`, `lstrip` and `rstrip`.
struct AddedTokenMatcher: Sendable {
    struct Pattern: Sendable {
        var scalars: [UInt32]
        var token: AddedToken
    }

    /// A piece of the searched range: an added token (`token` set) or text to tokenize.
    struct Split {
        var start: Int
        var end: Int
        var token: AddedToken?
    }

    /// Patterns by first scalar, longest first.
    private let byFirstScalar: [UInt32: [Pattern]]
    /// Bit `scalar & 255` is set when some pattern starts with a scalar with those low bits.
    private let firstScalarFilter: [UInt64]

    var isEmpty: Bool { byFirstScalar.isEmpty }

    init(_ patterns: [Pattern]) {
        var grouped: [UInt32: [Pattern]] = [:]
        var filter = [UInt64](repeating: 0, count: 4)
        for pattern in patterns where !pattern.scalars.isEmpty {
            let first = pattern.scalars[0]
            grouped[first, default: []].append(pattern)
            filter[Int(first & 255) >> 6] |= 1 << UInt64(first & 63)
        }
        // Longest first; among equal lengths the first declared wins, as with Aho-Corasick pattern order.
        byFirstScalar = grouped.mapValues { group in
            group.enumerated().sorted { a, b in
                a.element.scalars.count != b.element.scalars.count
                    ? a.element.scalars.count > b.element.scalars.count : a.offset < b.offset
            }.map(\.element)
        }
        firstScalarFilter = filter
    }

    /// Splits `text[range]` into added tokens and the text between them (empty pieces omitted); an empty
    /// result (no allocation) means no added token was found.
    func split(_ text: UnsafeBufferPointer<UInt32>, range: Range<Int>) -> [Split] {
        var splits: [Split] = []
        var previousEnd = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            let scalar = text[i]
            guard firstScalarFilter[Int(scalar & 255) >> 6] & (1 << UInt64(scalar & 63)) != 0,
                  let candidates = byFirstScalar[scalar],
                  let pattern = candidates.first(where: { matches($0.scalars, text, at: i, end: range.upperBound) })
            else {
                i += 1
                continue
            }
            var start = i
            var stop = i + pattern.scalars.count
            i = stop
            let token = pattern.token
            if token.singleWord {
                let startSpace = start == range.lowerBound || !Self.isWordCharacter(text[start - 1])
                let stopSpace = stop == range.upperBound || !Self.isWordCharacter(text[stop])
                if !startSpace || !stopSpace { continue }
            }
            if token.leftStrip {
                var newStart = start
                while newStart > range.lowerBound && Self.isWhitespace(text[newStart - 1]) { newStart -= 1 }
                start = max(newStart, previousEnd)
            }
            if token.rightStrip {
                while stop < range.upperBound && Self.isWhitespace(text[stop]) { stop += 1 }
                i = stop
            }
            if previousEnd < start { splits.append(Split(start: previousEnd, end: start, token: nil)) }
            splits.append(Split(start: start, end: stop, token: token))
            previousEnd = stop
        }
        if !splits.isEmpty && previousEnd < range.upperBound {
            splits.append(Split(start: previousEnd, end: range.upperBound, token: nil))
        }
        return splits
    }

    @inline(__always)
    private func matches(_ pattern: [UInt32], _ text: UnsafeBufferPointer<UInt32>, at start: Int, end: Int) -> Bool {
        guard start + pattern.count <= end else { return false }
        for (offset, scalar) in pattern.enumerated() where text[start + offset] != scalar { return false }
        return true
    }

    /// Regex `\w` (Unicode): alphabetic, marks, decimal digits, connector punctuation, join controls.
    static func isWordCharacter(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.isJoinControl { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    /// Regex `\s` (Unicode White_Space).
    static func isWhitespace(_ value: UInt32) -> Bool {
        Unicode.Scalar(value)?.properties.isWhitespace ?? false
    }
}
