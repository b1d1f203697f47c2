import TerminalUI

/// The help overlay (`?`, F1): every key from the `Keymap`, grouped by mode and view, in a framed box over the
/// middle of the screen. Scrolls (↑ ↓ PageUp PageDown) when the terminal is shorter than the list.
struct HelpOverlay {
    /// Width of the keys column; longer keys put their action on the next line.
    static let keyWidth = 22

    /// Section headers (`header` true) and key rows: (keys, action, header), for a screen `screenWidth` wide: an
    /// action wider than the box's text column wraps onto the following rows.
    static func lines(screenWidth: Int) -> [(String, String, Bool)] {
        let textWidth = max(1, boxWidth(screenWidth: screenWidth) - keyWidth - 3)
        var lines: [(String, String, Bool)] = []
        for (title, bindings) in sections {
            lines.append((title, "", true))
            for binding in bindings {
                var actions = TextFit.wrap(binding.action, width: textWidth)[...]
                if DisplayWidth.of(binding.keys) + 2 > keyWidth - 1 {
                    lines.append(("  " + binding.keys, "", false))
                } else {
                    lines.append(("  " + binding.keys, actions.popFirst() ?? "", false))
                }
                lines += actions.map { ("", $0, false) }
            }
        }
        return lines
    }

    /// The key groups shown, in order, each with a title.
    private static var sections: [(String, [KeyBinding])] {
        let sections = [("Editing", Keymap.global.filter { $0.scope == .editing }),
                        ("Editing and exploring", Keymap.global.filter { $0.scope == .both }),
                        ("Exploring", Keymap.global.filter { $0.scope == .exploring })]
            + ViewRegistry.views.map { ($0.title + " view", $0.keys) }
        return sections.filter { !$0.1.isEmpty }
    }

    /// The box's width: the widest action beside the keys column, at most the screen less a column each side.
    private static func boxWidth(screenWidth: Int) -> Int {
        let widest = sections.flatMap(\.1).map { DisplayWidth.of($0.action) }.max() ?? 0
        return min(screenWidth - 2, keyWidth + widest + 4)
    }

    static func draw(_ c: inout DrawContext) {
        let lines = self.lines(screenWidth: c.screen.width)
        let keyWidth = Self.keyWidth
        let width = boxWidth(screenWidth: c.screen.width)
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
