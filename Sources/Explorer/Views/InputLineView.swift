import TerminalUI

/// The sentence being typed, scrolled to keep the cursor visible, with the selected token's characters
/// underlined and `|||` (the pair separator) dimmed. Returns the cursor's screen position when editing.
struct InputLineView {
    static func draw(_ c: inout DrawContext, row: Int) -> (x: Int, y: Int)? {
        let s = c.state
        let prompt = s.mode == .editing ? "✎ " : "› "
        let x0 = c.screen.put(prompt, x: 0, y: row, foreground: c.theme.accent, style: .bold)
        let available = c.screen.width - x0 - 1
        guard available > 0 else { return nil }
        let chars = s.input.characters
        var span: Range<Int>?
        if s.selectedToken < s.encoding.count {
            let t = s.encoding.tokens[s.selectedToken]
            if let a = t.start, let b = t.end {
                span = s.input.characterRange(scalarStart: a, scalarEnd: b, segment: t.segment)
            }
        }
        let separator = separatorRange(chars)
        // Scroll so the cursor (and its column) fit.
        var start = 0
        var widthBeforeCursor = chars[0..<s.input.cursor].reduce(0) { $0 + DisplayWidth.of($1) }
        while widthBeforeCursor >= available, start < s.input.cursor {
            widthBeforeCursor -= DisplayWidth.of(chars[start])
            start += 1
        }
        if s.input.isEmpty && s.mode == .editing {
            c.screen.put("type a sentence, or two as  A ||| B", x: x0, y: row, foreground: c.theme.muted, style: .dim)
        }
        var x = x0, cursorX = x0
        for i in start..<chars.count {
            if i == s.input.cursor { cursorX = x }
            var style: CellStyle = []
            var fg = TerminalColor.default
            if let span, span.contains(i) { style.insert(.underline); style.insert(.bold); fg = c.theme.accent }
            if separator.contains(i) { style.insert(.dim); fg = c.theme.muted }
            let next = c.screen.put(String(chars[i]), x: x, y: row, foreground: fg, style: style, maxX: c.screen.width - 1)
            if next == x && DisplayWidth.of(chars[i]) > 0 { break }
            c.regions.add(x: x, y: row, width: next - x, .input(i))
            x = next
        }
        if s.input.cursor == chars.count { cursorX = x }
        c.regions.add(x: x, y: row, width: max(0, c.screen.width - x), .input(chars.count))
        return s.mode == .editing ? (cursorX, row) : nil
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
