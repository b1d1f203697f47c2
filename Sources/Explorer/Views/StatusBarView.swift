import SafeText
import TerminalUI

/// Bottom line: the last error, else the note for the last key, else the key hints of the current mode and
/// view from the `Keymap` (as many as fit; how to leave the mode and get help always stay).
struct StatusBarView {
    /// The hints for a mode and view: the global ones, the view's own, then the ones that always stay.
    static func hints(_ s: ExplorerState) -> (items: [String], pinned: [String]) {
        let pinned = s.mode == .editing ? ["Esc explore", "F1 help"] : ["e edit", "? help", "q quit"]
        let global = Keymap.global.filter { $0.applies(in: s.mode) && $0.events != [.key(.f1)] }.compactMap(\.hint)
        let own = s.mode == .exploring ? ViewRegistry.view(s.view).keys.compactMap(\.hint) : []
        let items = (global + own).filter { !pinned.contains($0) }
        return (items, pinned)
    }

    /// A hint cut to its keys (`[ ] key` → `[ ]`), for narrow terminals.
    static func compact(_ hint: String) -> String {
        guard let space = hint.lastIndex(of: " ") else { return hint }
        return String(hint[..<space])
    }

    /// The footer text for `width` columns: every hint listed, the first ones in full and the rest cut to
    /// their keys as far as needed to fit; on a terminal too narrow even for that, as many full hints as fit.
    static func line(_ s: ExplorerState, width: Int) -> String {
        let (items, pinned) = hints(s)
        let tail = pinned.joined(separator: " · ")
        for full in stride(from: items.count, through: 0, by: -1) {
            let shown = items.prefix(full).joined(separator: "  ") + (full > 0 && full < items.count ? "  " : "")
                + items.dropFirst(full).map(compact).joined(separator: " ")
            let text = " " + shown + (shown.isEmpty ? "" : "  ") + tail
            if DisplayWidth.of(text) <= width { return text }
        }
        var budget = width - 2 - DisplayWidth.of(tail) - 2
        var shown: [String] = []
        for item in items {
            let w = DisplayWidth.of(item) + 2
            if w > budget { break }
            shown.append(item)
            budget -= w
        }
        return " " + (shown + [tail]).joined(separator: "  ")
    }

    static func draw(_ c: inout DrawContext, row: Int) {
        c.screen.fill(x: 0, y: row, width: c.screen.width, height: 1, with: Cell(background: c.theme.barBackground))
        // Errors, prompts and notes can quote model files, paths and typed text: escaped, as everywhere else.
        if let error = c.state.errorMessage {
            c.screen.put(" " + TerminalText.escaped(error), x: 0, y: row, foreground: c.theme.unknown, background: c.theme.barBackground, style: .bold)
            return
        }
        if let prompt = c.state.prompt {
            let x = c.screen.put(" " + TerminalText.escaped(prompt.label), x: 0, y: row, foreground: c.theme.barForeground,
                                 background: c.theme.barBackground, style: .bold)
            c.screen.put("  Enter select · Esc cancel", x: x, y: row, foreground: c.theme.muted, background: c.theme.barBackground)
            return
        }
        if let note = c.state.statusMessage {
            c.screen.put(" " + TerminalText.escaped(note), x: 0, y: row, foreground: c.theme.accent, background: c.theme.barBackground, style: .bold)
            return
        }
        c.screen.put(line(c.state, width: c.screen.width), x: 0, y: row, foreground: c.theme.barForeground,
                     background: c.theme.barBackground, maxX: c.screen.width)
    }
}
