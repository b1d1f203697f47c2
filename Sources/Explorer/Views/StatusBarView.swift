import TerminalUI

/// Bottom line: the keys for the current mode (as many as fit, help and quit always), or the last error.
struct StatusBarView {
    static let editingKeys = ["type/paste", "←→ Home End", "⌫ Del ^U ^W", "↑↓ layer", "Tab head", "Enter explore", "^C quit"]
    static let exploringKeys = ["←→ token", "↑↓ layer", "Tab head", "v view", "s scale", "[ ] key", "a mean/max",
                                "x hide cls/sep", "r rollout", "d given/recv", "c change", "e edit", "? help", "q quit"]

    static func draw(_ c: inout DrawContext, row: Int) {
        c.screen.fill(x: 0, y: row, width: c.screen.width, height: 1, with: Cell(background: c.theme.barBackground))
        if let error = c.state.errorMessage {
            c.screen.put(" " + error, x: 0, y: row, foreground: c.theme.unknown, background: c.theme.barBackground, style: .bold)
            return
        }
        let items = c.state.mode == .editing ? editingKeys : exploringKeys
        let pinned = 2
        var budget = c.screen.width - 2 - items.suffix(pinned).reduce(0) { $0 + DisplayWidth.of($1) + 2 }
        var shown: [String] = []
        for item in items.dropLast(pinned) {
            let w = DisplayWidth.of(item) + 2
            if w > budget { break }
            shown.append(item)
            budget -= w
        }
        shown += items.suffix(pinned)
        c.screen.put(" " + shown.joined(separator: "  "), x: 0, y: row, foreground: c.theme.barForeground,
                     background: c.theme.barBackground, maxX: c.screen.width)
    }
}
