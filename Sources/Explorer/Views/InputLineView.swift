import TerminalUI

/// The sentence being typed, one grapheme cluster per character (a base with its combining marks, a flag, a
/// ZWJ emoji sequence) at its terminal width. It scrolls to keep the cursor (while editing) or the selected
/// token (while exploring) in view, with `‹` / `›` where text is cut off; the selected token's characters are
/// underlined and `|||` (the pair separator) dimmed. Returns the cursor's screen position when editing.
struct InputLineView {
    static func draw(_ c: inout DrawContext, row: Int) -> (x: Int, y: Int)? {
        let s = c.state
        let editing = s.mode == .editing
        let prompt = editing ? "✎ " : "› "
        let x0 = c.screen.put(prompt, x: 0, y: row, foreground: c.theme.accent, style: .bold)
        let room = c.screen.width - x0
        guard room > 2 else { return nil }
        let chars = s.input.characters
        var span: Range<Int>?
        if s.selectedToken < s.encoding.count {
            let t = s.encoding.tokens[s.selectedToken]
            if let a = t.start, let b = t.end {
                span = s.input.characterRange(scalarStart: a, scalarEnd: b, segment: t.segment)
            }
        }
        if s.input.isEmpty && editing {
            c.screen.put("type a sentence, or two as  A ||| B", x: x0, y: row, foreground: c.theme.muted, style: .dim)
        }
        let focus = editing ? s.input.cursor..<s.input.cursor : (span ?? 0..<0)
        let (start, end) = window(widths: chars.map { DisplayWidth.of($0) }, focus: focus, room: room,
                                  cursorCell: editing, centred: !editing)
        let separator = separatorRange(chars)
        var x = x0
        if start > 0 { x = c.screen.put("‹", x: x, y: row, foreground: c.theme.muted) }
        var cursorX = x
        for i in start..<end {
            if i == s.input.cursor { cursorX = x }
            var style: CellStyle = []
            var fg = TerminalColor.default
            if let span, span.contains(i) { style.insert(.underline); style.insert(.bold); fg = c.theme.accent }
            if separator.contains(i) { style.insert(.dim); fg = c.theme.muted }
            let next = c.screen.put(String(chars[i]), x: x, y: row, foreground: fg, style: style)
            c.regions.add(x: x, y: row, width: next - x, .input(i))
            x = next
        }
        if s.input.cursor >= end { cursorX = x }
        if end < chars.count {
            c.screen.put("›", x: c.screen.width - 1, y: row, foreground: c.theme.muted)
        } else {
            c.regions.add(x: x, y: row, width: max(0, c.screen.width - x), .input(chars.count))
        }
        return editing ? (cursorX, row) : nil
    }

    /// The characters `start..<end` to show in `room` columns so that `focus` is visible, leaving a column
    /// for each `‹ ›` marker needed and, with `cursorCell`, one for a cursor after the last character.
    /// `centred` puts the focus in the middle when scrolling is needed; otherwise it scrolls as little as it can.
    static func window(widths: [Int], focus: Range<Int>, room: Int, cursorCell: Bool, centred: Bool) -> (Int, Int) {
        let count = widths.count
        func width(_ range: Range<Int>) -> Int { widths[range].reduce(0, +) }
        func fits(_ start: Int, _ end: Int) -> Bool {
            let markers = (start > 0 ? 1 : 0) + (end < count ? 1 : 0)
            let cursor = cursorCell && end == count && focus.upperBound == count ? 1 : 0
            return width(start..<end) + markers + cursor <= room
        }
        func greedyEnd(_ start: Int) -> Int {
            var end = start
            while end < count, fits(start, end + 1) { end += 1 }
            return max(end, min(count, start + 1))
        }
        // The focus's last column: with a cursor, the character under it (or the cell after the line).
        let focusEnd = cursorCell ? min(count, focus.upperBound + 1) : min(count, max(focus.upperBound, focus.lowerBound + 1))
        if fits(0, focusEnd) && !(centred && greedyEnd(0) < focusEnd) { return (0, greedyEnd(0)) }
        var start = min(focus.lowerBound, max(0, count - 1))
        if centred {
            // Room left beside the focus, half of it before.
            let spare = max(0, room - 2 - width(focus.lowerBound..<focusEnd)) / 2
            var before = 0
            while start > 0, before + widths[start - 1] <= spare { start -= 1; before += widths[start] }
        } else {
            while start > 0, fits(start - 1, focusEnd) { start -= 1 }
        }
        return (start, greedyEnd(start))
    }

    private static func separatorRange(_ chars: [Character]) -> Range<Int> {
        let sep = Array(InputLine.pairSeparator)
        guard chars.count >= sep.count else { return 0..<0 }
        for i in 0...(chars.count - sep.count) where Array(chars[i..<(i + sep.count)]) == sep {
            return i..<(i + sep.count)
        }
        return 0..<0
    }
}
