import TerminalUI

/// Top line: program, model, L×H×D, token count, last compute time, mode.
struct HeaderView {
    static func draw(_ c: inout DrawContext, row: Int) {
        let s = c.state
        c.screen.fill(x: 0, y: row, width: c.screen.width, height: 1, with: Cell(background: c.theme.barBackground))
        let bg = c.theme.barBackground
        var x = c.screen.put(" bert-explorer ", x: 0, y: row, foreground: c.theme.barForeground, background: bg, style: .bold)
        let m = s.model
        var parts = ["\(m.name) \(m.layers)L×\(m.heads)H×\(m.hiddenSize)",
                     "\(s.encoding.count) token\(s.encoding.count == 1 ? "" : "s")\(s.encoding.truncated ? " (truncated)" : "")"]
        if let r = s.result { parts.append("\(TextFit.fixed(r.milliseconds, 1)) ms") }
        if s.computing { parts.append("computing…") }
        for part in parts {
            x = c.screen.put("│ ", x: x, y: row, foreground: c.theme.muted, background: bg)
            x = c.screen.put(part + " ", x: x, y: row, foreground: c.theme.barForeground, background: bg)
        }
        let mode = s.mode == .editing ? " EDIT " : " EXPLORE "
        let mx = c.screen.width - DisplayWidth.of(mode)
        if mx > x { c.screen.put(mode, x: mx, y: row, foreground: c.theme.barForeground, background: bg, style: [.bold, .reverse]) }
    }
}
