/// The editable sentence: its characters and a cursor between them (0...count, in `Character`s).
///
/// A pair is typed as `first ||| second`; `parts` splits it so that token offsets (Unicode scalars into each
/// part) can be mapped back to columns of the whole line.
public struct InputLine: Sendable, Equatable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int

    /// What separates the two sentences of a pair.
    public static let pairSeparator = "|||"

    public init(_ text: String = "", cursor: Int? = nil) {
        characters = Array(text)
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    public mutating func insert(_ character: Character) {
        characters.insert(character, at: cursor)
        cursor += 1
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }
    public mutating func move(to position: Int) { cursor = min(max(0, position), characters.count) }

    /// Deletes the character before the cursor.
    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the character under the cursor.
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Ctrl-U: deletes everything before the cursor.
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Ctrl-W: deletes the word before the cursor and the whitespace after it, as a shell does.
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// The sentence, or the two sentences of a pair, each with the character index where it starts in the line.
    public var parts: (first: Substring, second: (text: Substring, offset: Int)?) {
        let text = self.text
        guard let range = text.range(of: InputLine.pairSeparator) else { return (text[...], nil) }
        let offset = text.distance(from: text.startIndex, to: range.upperBound)
        return (text[..<range.lowerBound], (text[range.upperBound...], offset))
    }

    /// The character range in the line of a scalar span inside the first (segment 0) or second part.
    public func characterRange(scalarStart: Int, scalarEnd: Int, segment: Int) -> Range<Int>? {
        let parts = self.parts
        let part: Substring, base: Int
        if segment == 0 {
            part = parts.first; base = 0
        } else if let second = parts.second {
            part = second.text; base = second.offset
        } else {
            return nil
        }
        var scalars = 0, characterIndex = 0, lower: Int?, upper: Int?
        for character in part {
            if lower == nil, scalars >= scalarStart { lower = characterIndex }
            scalars += character.unicodeScalars.count
            characterIndex += 1
            if upper == nil, scalars >= scalarEnd { upper = characterIndex; break }
        }
        guard let l = lower ?? (scalarStart >= scalars ? characterIndex : nil) else { return nil }
        let u = max(l, upper ?? characterIndex)
        return (base + l)..<(base + u)
    }
}
