/// Hugging Face's `BertNormalizer`: clean text, pad CJK ideographs with spaces, strip accents, lowercase,
/// in that order, keeping each output scalar aligned to the input scalar it came from.
public struct BertNormalizer: Sendable, Equatable {
    /// Drop control characters, U+0000 and U+FFFD; map whitespace to a space.
    public var cleanText: Bool
    /// Put spaces around CJK ideographs so each becomes a word.
    public var handleChineseCharacters: Bool
    /// NFD, then drop nonspacing marks.
    public var stripAccents: Bool
    /// Per-character lowercase.
    public var lowercase: Bool

    /// `stripAccents: nil` follows `lowercase`, as in `tokenizers` and `transformers`.
    public init(cleanText: Bool = true, handleChineseCharacters: Bool = true, stripAccents: Bool? = nil,
                lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseCharacters = handleChineseCharacters
        self.stripAccents = stripAccents ?? lowercase
        self.lowercase = lowercase
    }

    /// Normalises `input[range]` (origins are indexes into `input`), appending to `output`.
    func normalize(_ input: UnsafeBufferPointer<UInt32>, range: Range<Int>, into output: inout NormalizedText) {
        var state = State(normalizer: self)
        let table = CharacterTable.shared
        for index in range {
            var scalar = input[index]
            let origin = Int32(truncatingIfNeeded: index)
            if scalar < 0x80 {
                // ASCII: no decomposition, no combining class.
                if cleanText {
                    if scalar < 0x20 || scalar == 0x7F {
                        let flags = table.flags(scalar)
                        if flags & CharacterTable.removed != 0 || scalar == 0 { continue }
                        if flags & CharacterTable.cleanSpace != 0 { scalar = 0x20 }
                    }
                }
                state.flushMarks(into: &output)
                if lowercase && scalar >= 0x41 && scalar <= 0x5A { scalar |= 0x20 }
                output.append(scalar, origin: origin)
                continue
            }
            let flags = table.flags(scalar)
            if cleanText {
                if scalar == 0xFFFD || flags & CharacterTable.removed != 0 { continue }
                if flags & CharacterTable.cleanSpace != 0 { scalar = 0x20 }
            }
            if handleChineseCharacters && CharacterTable.isChineseCharacter(scalar) {
                state.flushMarks(into: &output)
                output.append(0x20, origin: origin)
                state.accentStage(scalar, flags: flags, origin: origin, into: &output)
                state.flushMarks(into: &output)
                output.append(0x20, origin: origin)
                continue
            }
            state.accentStage(scalar, flags: scalar == 0x20 ? 0 : flags, origin: origin, into: &output)
        }
        state.flushMarks(into: &output)
    }

    /// The strip-accents and lowercase stages, with NFD's canonical reordering of combining marks.
    private struct State {
        let stripAccents: Bool
        let lowercase: Bool
        /// Decomposed scalars waiting for the end of a run of non-zero combining classes.
        var pending: [UInt32] = []
        var pendingOrigins: [Int32] = []
        var decomposed: [UInt32] = []

        init(normalizer: BertNormalizer) {
            stripAccents = normalizer.stripAccents
            lowercase = normalizer.lowercase
        }

        @inline(__always)
        mutating func accentStage(_ scalar: UInt32, flags: UInt8, origin: Int32, into output: inout NormalizedText) {
            guard stripAccents else {
                lowercaseStage(scalar, flags: flags, origin: origin, into: &output)
                return
            }
            if flags & (CharacterTable.decomposes | CharacterTable.combining) == 0 {
                flushMarks(into: &output)
                if flags & CharacterTable.nonspacingMark == 0 {
                    lowercaseStage(scalar, flags: flags, origin: origin, into: &output)
                }
                return
            }
            decomposed.removeAll(keepingCapacity: true)
            if flags & CharacterTable.decomposes != 0 {
                CharacterTable.shared.decompose(scalar, into: &decomposed)
            } else {
                decomposed.append(scalar)
            }
            let table = CharacterTable.shared
            for part in decomposed {
                let partFlags = table.flags(part)
                if partFlags & CharacterTable.combining == 0 { flushMarks(into: &output) }
                pending.append(part)
                pendingOrigins.append(origin)
                if partFlags & CharacterTable.combining == 0 { flushStarter(into: &output) }
            }
        }

        /// Emits a lone starter just queued (keeps `pending` empty between marks runs).
        private mutating func flushStarter(into output: inout NormalizedText) {
            let scalar = pending[0]
            let origin = pendingOrigins[0]
            pending.removeAll(keepingCapacity: true)
            pendingOrigins.removeAll(keepingCapacity: true)
            let flags = CharacterTable.shared.flags(scalar)
            if flags & CharacterTable.nonspacingMark == 0 {
                lowercaseStage(scalar, flags: flags, origin: origin, into: &output)
            }
        }

        /// Sorts the pending run of combining marks by combining class (stable). Alignments stay in place:
        /// `tokenizers` aligns NFD output by position, not by character. Then drops nonspacing marks and
        /// lowercases the rest.
        @inline(__always)
        mutating func flushMarks(into output: inout NormalizedText) {
            if !pending.isEmpty { flushPendingMarks(into: &output) }
        }

        private mutating func flushPendingMarks(into output: inout NormalizedText) {
            let table = CharacterTable.shared
            if pending.count > 1 {
                let classes = pending.map { table.combiningClass($0) }
                let order = pending.indices.sorted { classes[$0] != classes[$1] ? classes[$0] < classes[$1] : $0 < $1 }
                pending = order.map { pending[$0] }
            }
            for (scalar, origin) in zip(pending, pendingOrigins) {
                let flags = table.flags(scalar)
                if flags & CharacterTable.nonspacingMark == 0 {
                    lowercaseStage(scalar, flags: flags, origin: origin, into: &output)
                }
            }
            pending.removeAll(keepingCapacity: true)
            pendingOrigins.removeAll(keepingCapacity: true)
        }

        @inline(__always)
        func lowercaseStage(_ scalar: UInt32, flags: UInt8, origin: Int32, into output: inout NormalizedText) {
            guard lowercase && flags & CharacterTable.lowercases != 0 else {
                output.append(scalar, origin: origin)
                return
            }
            if let small = CharacterTable.shared.smallLowercase(scalar) {
                output.append(small, origin: origin)
            } else {
                for part in CharacterTable.shared.lowercase(scalar) { output.append(part, origin: origin) }
            }
        }
    }
}
