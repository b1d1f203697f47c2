import TerminalUI

/// The `?` overlay: every key, in a framed box over the middle of the screen.
struct HelpOverlay {
    static let lines: [(String, String)] = [
        ("Editing", ""),
        ("  type, paste", "edit the sentence; tokens update as you type"),
        ("  A ||| B", "a sentence pair (segments 0 and 1)"),
        ("  ← → Home End", "move the cursor (also ^A ^E)"),
        ("  ⌫ Del ^U ^W", "delete back / forward / to start / word"),
        ("  Enter, Esc", "start exploring"),
        ("Exploring", ""),
        ("  ← → h l, Home End", "select the query token"),
        ("  [ ] PgUp PgDn", "move the focused key"),
        ("  ↑ ↓ k j, wheel", "previous / next layer"),
        ("  Tab Shift-Tab, a", "next / previous head, all heads; a: mean or max"),
        ("  v V, 1-4", "views: attention, token, norms, overview"),
        ("  s", "scale: linear, log, gamma"),
        ("  d", "token view: attention given or received"),
        ("  x", "hide [CLS]/[SEP] and renormalise rows"),
        ("  r", "attention view: rollout up to this layer"),
        ("  c", "norms view: norms or change per layer"),
        ("  click", "select a token, cell, tab or thumbnail"),
        ("  e i Enter", "edit the sentence"),
        ("  q, ^C", "quit (^C also while editing)"),
    ]

    static func draw(_ c: inout DrawContext) {
        let keyWidth = lines.map { DisplayWidth.of($0.0) }.max()! + 2
        let textWidth = lines.map { DisplayWidth.of($0.1) }.max()!
        let width = min(c.screen.width - 2, keyWidth + textWidth + 4)
        let height = min(c.screen.height - 2, lines.count + 2)
        let x0 = (c.screen.width - width) / 2, y0 = (c.screen.height - height) / 2
        c.screen.fill(x: x0, y: y0, width: width, height: height, with: Cell(background: c.theme.barBackground))
        Frame(title: "keys · any key closes", foreground: c.theme.accent)
            .draw(in: &c.screen, x: x0, y: y0, width: width, height: height)
        for (i, line) in lines.prefix(height - 2).enumerated() {
            let y = y0 + 1 + i
            let header = line.1.isEmpty && !line.0.isEmpty
            c.screen.put(line.0, x: x0 + 2, y: y, foreground: header ? c.theme.accent : c.theme.barForeground,
                         background: c.theme.barBackground, style: header ? .bold : [], maxX: x0 + width - 1)
            c.screen.put(line.1, x: x0 + 2 + keyWidth, y: y, foreground: c.theme.barForeground,
                         background: c.theme.barBackground, maxX: x0 + width - 1)
        }
    }
}
