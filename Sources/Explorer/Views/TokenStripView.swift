import TerminalUI
import WordPiece

/// The tokens as aligned columns: text, id, position, segment. Special tokens and `[UNK]` are coloured and
/// styled (so they stay distinct without colour), `##` prefixes are dimmed, segments A and B have their own
/// colours, and the selected token is reversed. Scrolls sideways to keep the selection in view.
struct TokenStripView {
    static let rows = 4
    static let gutter = 4
    static let maxTokenWidth = 14

    static func columnWidth(_ token: Token) -> Int {
        max(DisplayWidth.of(DisplayWidth.truncate(token.text, to: maxTokenWidth)), String(token.id).count,
            String(token.position).count)
    }

    static func draw(_ c: inout DrawContext, rect: Rect) {
        let tokens = c.state.encoding.tokens
        for (i, label) in ["tok", "id", "pos", "seg"].enumerated() where i < rect.height {
            c.screen.put(label, x: rect.x, y: rect.y + i, foreground: c.theme.muted, style: .dim)
        }
        guard !tokens.isEmpty else { return }
        let widths = tokens.map { columnWidth($0) + 1 }
        let available = rect.width - gutter - 1
        let selected = min(c.state.selectedToken, tokens.count - 1)
        var start = 0
        while start < selected, widths[start...selected].reduce(0, +) > available { start += 1 }
        if start > 0 { c.screen.put("‹", x: rect.x + gutter - 1, y: rect.y, foreground: c.theme.muted) }
        var x = rect.x + gutter
        for i in start..<tokens.count {
            if x + widths[i] - 1 > rect.x + gutter + available {
                c.screen.put("›", x: rect.maxX - 1, y: rect.y, foreground: c.theme.muted)
                break
            }
            drawColumn(&c, tokens[i], x: x, y: rect.y, width: widths[i] - 1, selected: i == selected,
                       rowCount: min(rows, rect.height))
            c.regions.add(x: x, y: rect.y, width: widths[i], height: min(rows, rect.height), .token(i))
            x += widths[i]
        }
    }

    private static func drawColumn(_ c: inout DrawContext, _ t: Token, x: Int, y: Int, width: Int, selected: Bool, rowCount: Int) {
        let base: CellStyle = selected ? DrawContext.highlight : []
        let text = DisplayWidth.truncate(t.text, to: maxTokenWidth)
        let unknown = t.text == "[UNK]"
        if selected { c.screen.fill(x: x, y: y, width: width, height: rowCount, with: Cell(style: base)) }
        if t.isSpecial || unknown {
            var style = base.union(.bold)
            if unknown { style.insert(.underline) }
            c.screen.put(text, x: x, y: y, foreground: unknown ? c.theme.unknown : c.theme.special, style: style)
        } else if t.isContinuation {
            let after = c.screen.put("##", x: x, y: y, foreground: c.theme.muted, style: base.union(.dim))
            c.screen.put(String(text.dropFirst(2)), x: after, y: y, style: base)
        } else {
            c.screen.put(text, x: x, y: y, style: base)
        }
        if rowCount > 1 { c.screen.put(String(t.id), x: x, y: y + 1, foreground: c.theme.muted, style: base) }
        if rowCount > 2 { c.screen.put(String(t.position), x: x, y: y + 2, foreground: c.theme.muted, style: base) }
        if rowCount > 3 {
            c.screen.put(String(t.segment), x: x, y: y + 3, foreground: c.theme.segment(t.segment),
                         style: t.segment == 0 ? base : base.union(.bold))
        }
    }
}
