/// The editable sentence: its characters and a cursor between them (0...count, in `Character`s).
///
/// A pair is typed as `first ||| second`; `parts` splits it so that token offsets (Unicode scalars into each
/// part) can be mapped back to columns of the whole line.
public struct InputLine: Sendable, Equatable {
    public private(set) var characters: [Character] {
        // Every edit changes `characters` before `cursor`, so this is the line as it was before the edit.
        willSet {
            undoStack.append(Snapshot(characters: characters, cursor: cursor))
            if undoStack.count > Self.undoLimit { undoStack.removeFirst() }
        }
    }
    public private(set) var cursor: Int
    /// What the last word or line deletion removed, for Ctrl-Y.
    public private(set) var killed: [Character] = []

    /// The line before each edit, newest last, for Ctrl-Z.
    private var undoStack: [Snapshot] = []
    private static let undoLimit = 500

    private struct Snapshot: Sendable {
        var characters: [Character]
        var cursor: Int
    }

    /// Equal text, cursor and kill buffer (the undo history does not count).
    public static func == (a: InputLine, b: InputLine) -> Bool {
        a.characters == b.characters && a.cursor == b.cursor && a.killed == b.killed
    }

    /// What separates the two sentences of a pair.
    public static let pairSeparator = "|||"

    public init(_ text: String = "", cursor: Int? = nil) {
        characters = Array(text)
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    public mutating func insert(_ character: Character) {
        insert(contentsOf: [character])
    }

    /// Inserts at the cursor, then re-segments the line into grapheme clusters: keys arrive one scalar at a
    /// time, so a combining mark, a variation selector, a ZWJ or a second regional indicator joins the
    /// character before it (the cursor moves by grapheme, and the line draws as the terminal shows it).
    public mutating func insert(contentsOf inserted: [Character]) {
        let before = characters[..<cursor] + inserted
        let after = characters[cursor...]
        let head = Array(String(before))
        characters = Array(String(before) + String(after))
        // The cursor stays after the inserted text (unless that text merged with what follows it).
        cursor = min(head.count, characters.count)
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
        kill(0..<cursor)
    }

    /// Ctrl-K: deletes everything from the cursor on.
    public mutating func deleteToEnd() {
        kill(cursor..<characters.count)
    }

    /// Ctrl-W, Alt-Backspace: deletes the word before the cursor and the whitespace after it, as a shell does.
    public mutating func deleteWordBackward() {
        kill(wordStart(before: cursor)..<cursor)
    }

    /// Alt-d: deletes from the cursor to the end of the next word.
    public mutating func deleteWordForward() {
        kill(cursor..<wordEnd(after: cursor))
    }

    /// Alt-b, Ctrl-Left: to the start of this or the previous word.
    public mutating func moveWordLeft() { cursor = wordStart(before: cursor) }

    /// Alt-f, Ctrl-Right: to the end of this or the next word.
    public mutating func moveWordRight() { cursor = wordEnd(after: cursor) }

    /// Ctrl-Y: inserts what the last deletion of a word or more removed.
    public mutating func yank() { insert(contentsOf: killed) }

    /// Ctrl-Z: puts back the line (and cursor) as it was before the last edit; false when there is none.
    @discardableResult
    public mutating func undo() -> Bool {
        guard let last = undoStack.popLast() else { return false }
        characters = last.characters
        undoStack.removeLast()  // the snapshot that restoring just took
        cursor = last.cursor
        return true
    }

    private mutating func kill(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        killed = Array(characters[range])
        characters.removeSubrange(range)
        cursor = range.lowerBound
    }

    private func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    private func wordStart(before position: Int) -> Int {
        var i = position
        while i > 0, !isWordCharacter(characters[i - 1]) { i -= 1 }
        while i > 0, isWordCharacter(characters[i - 1]) { i -= 1 }
        return i
    }

    private func wordEnd(after position: Int) -> Int {
        var i = position
        while i < characters.count, !isWordCharacter(characters[i]) { i += 1 }
        while i < characters.count, isWordCharacter(characters[i]) { i += 1 }
        return i
    }

    /// The sentence, or the two sentences of a pair, each with the character index where it starts in the line.
    public var parts: (first: Substring, second: (text: Substring, offset: Int)?) {
        let text = self.text
        guard let range = text.range(of: InputLine.pairSeparator) else { return (text[...], nil) }
        let offset = text.distance(from: text.startIndex, to: range.upperBound)
        return (text[..<range.lowerBound], (text[range.upperBound...], offset))
    }

    /// The character ranges in the line of many tokens' scalar spans, in one pass over the line.
    public func characterRanges(_ spans: [(start: Int?, end: Int?, segment: Int)]) -> [Range<Int>?] {
        let parts = self.parts
        func table(_ part: Substring) -> [Int] {
            // table[s] = index of the character that holds scalar s; table[count] = character count.
            var t: [Int] = []
            for (i, c) in part.enumerated() { for _ in c.unicodeScalars { t.append(i) } }
            t.append(part.count)
            return t
        }
        let first = table(parts.first)
        let second = parts.second.map { (table($0.text), $0.offset) }
        return spans.map { span in
            guard let a = span.start, let b = span.end, a <= b else { return nil }
            let (t, base) = span.segment == 0 ? (first, 0) : (second?.0 ?? [], second?.1 ?? 0)
            guard b < t.count else { return nil }
            let lower = t[a]
            let upper = b > a ? t[b - 1] + 1 : lower
            return (base + lower)..<(base + upper)
        }
    }

    /// The character range in the line of a scalar span inside the first (segment 0) or second part.
    public func characterRange(scalarStart: Int, scalarEnd: Int, segment: Int) -> Range<Int>? {
        characterRanges([(scalarStart, scalarEnd, segment)])[0]
    }
}
