import TerminalUI

/// The help overlay (`?`, F1): every key from the `Keymap`, grouped by mode and view, in a framed box over the
/// middle of the screen. Scrolls (↑ ↓ PageUp PageDown) when the terminal is shorter than the list.
struct HelpOverlay {
    /// Width of the keys column; longer keys put their action on the next line.
    static let keyWidth = 22

    /// Section headers (`header` true) and key rows: (keys, action, header).
    static var lines: [(String, String, Bool)] {
        var lines: [(String, String, Bool)] = []
        func section(_ title: String, _ bindings: [KeyBinding]) {
            guard !bindings.isEmpty else { return }
            lines.append((title, "", true))
            for binding in bindings {
                if DisplayWidth.of(binding.keys) + 2 > keyWidth - 1 {
                    lines += [("  " + binding.keys, "", false), ("", binding.action, false)]
                } else {
                    lines.append(("  " + binding.keys, binding.action, false))
                }
            }
        }
        section("Editing", Keymap.global.filter { $0.scope == .editing })
        section("Editing and exploring", Keymap.global.filter { $0.scope == .both })
        section("Exploring", Keymap.global.filter { $0.scope == .exploring })
        for view in ViewRegistry.views { section(view.title + " view", view.keys) }
        return lines
    }

    static func draw(_ c: inout DrawContext) {
        let lines = self.lines
        let keyWidth = Self.keyWidth
        let textWidth = lines.map { DisplayWidth.of($0.1) }.max()!
        let width = min(c.screen.width - 2, keyWidth + textWidth + 4)
        let height = min(c.screen.height - 2, lines.count + 2)
        let rows = height - 2
        let top = min(c.state.helpScroll, max(0, lines.count - rows))
        let x0 = (c.screen.width - width) / 2, y0 = (c.screen.height - height) / 2
        c.screen.fill(x: x0, y: y0, width: width, height: height, with: Cell(background: c.theme.barBackground))
        let more = lines.count > rows ? " · ↑↓ scroll \(top + 1)-\(top + rows)/\(lines.count)" : ""
        Frame(title: "keys" + more + " · any key closes", foreground: c.theme.accent)
            .draw(in: &c.screen, x: x0, y: y0, width: width, height: height)
        for (i, line) in lines[top..<min(lines.count, top + rows)].enumerated() {
            let y = y0 + 1 + i
            let header = line.2
            c.screen.put(line.0, x: x0 + 2, y: y, foreground: header ? c.theme.accent : c.theme.barForeground,
                         background: c.theme.barBackground, style: header ? .bold : [], maxX: x0 + width - 1)
            c.screen.put(line.1, x: x0 + 2 + keyWidth, y: y, foreground: c.theme.barForeground,
                         background: c.theme.barBackground, maxX: x0 + width - 1)
        }
    }
}
