import TerminalUI

/// A `capture-pane -p -e` capture parsed back into cells (glyph, colours, style), to check what a
/// program really put on the terminal against the `Screen` it meant to draw.
///
/// Understands the SGR subset tmux emits: reset, bold, dim, underline, reverse (and their offs), the 8/16
/// ANSI colours, `38;5;n` / `48;5;n`, `38;2;r;g;b` / `48;2;r;g;b` and the defaults 39/49. Other escape
/// sequences are skipped. A wide glyph is followed by a continuation cell, as in `Screen`.
public struct TmuxScreen: Sendable {
    /// One character cell as the terminal shows it.
    public struct Cell: Sendable, Equatable, CustomStringConvertible {
        public var glyph: String
        public var foreground: TerminalColor
        public var background: TerminalColor
        public var style: CellStyle
        public var isContinuation: Bool

        public var description: String {
            "\"\(glyph)\" fg=\(foreground) bg=\(background) style=\(style.rawValue)"
                + (isContinuation ? " continuation" : "")
        }
    }

    /// Rows as captured (tmux drops trailing blank cells, so rows can be shorter than the pane).
    public let rows: [[Cell]]

    public init(capture: String) {
        var rows: [[Cell]] = []
        var foreground = TerminalColor.default, background = TerminalColor.default
        var style: CellStyle = []
        for line in capture.split(separator: "\n", omittingEmptySubsequences: false) {
            var row: [Cell] = []
            var scalars = Array(line.unicodeScalars)[...]
            while let scalar = scalars.first {
                if scalar == "\u{1B}" {
                    scalars = scalars.dropFirst()
                    guard scalars.first == "[" else {
                        scalars = scalars.dropFirst()
                        continue
                    }
                    scalars = scalars.dropFirst()
                    let body = scalars.prefix { !($0.value >= 0x40 && $0.value <= 0x7E) }
                    scalars = scalars.dropFirst(body.count)
                    let final = scalars.first
                    scalars = scalars.dropFirst()
                    if final == "m" {
                        Self.apply(String(String.UnicodeScalarView(body)), to: &foreground, &background, &style)
                    }
                    continue
                }
                // Keep combining marks with their base.
                var glyph = String(scalar)
                scalars = scalars.dropFirst()
                while let next = scalars.first, next != "\u{1B}", DisplayWidth.of(next) == 0 {
                    glyph.unicodeScalars.append(next)
                    scalars = scalars.dropFirst()
                }
                row.append(Cell(glyph: glyph, foreground: foreground, background: background, style: style,
                                isContinuation: false))
                if DisplayWidth.of(glyph) == 2 {
                    row.append(Cell(glyph: "", foreground: foreground, background: background, style: style,
                                    isContinuation: true))
                }
            }
            rows.append(row)
        }
        self.rows = rows
    }

    /// The cell at column `x`, row `y`; a blank default cell beyond what tmux captured.
    public subscript(x: Int, y: Int) -> Cell {
        guard y >= 0, y < rows.count, x >= 0, x < rows[y].count else {
            return Cell(glyph: " ", foreground: .default, background: .default, style: [], isContinuation: false)
        }
        return rows[y][x]
    }

    /// The first cell (row-major) where the terminal differs from `screen` in glyph, colours or style,
    /// described for a failure message; nil when all match. `colorsAs` maps the Screen's colours to what
    /// the terminal is expected to show (e.g. RGB to its nearest palette index); identity by default.
    public func firstDifference(from screen: Screen,
                                colorsAs expected: (TerminalColor) -> TerminalColor = { $0 }) -> String? {
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let want = screen[x, y], got = self[x, y]
                if want.isContinuation { continue }
                let wantGlyph = want.glyph.isEmpty ? " " : want.glyph
                // A blank cell tmux trimmed at the end of a row is still a blank cell.
                let sameGlyph = got.glyph == wantGlyph
                if !sameGlyph || got.foreground != expected(want.foreground)
                    || got.background != expected(want.background) || got.style != want.style {
                    return "cell x=\(x) y=\(y): expected \"\(wantGlyph)\" fg=\(expected(want.foreground)) "
                        + "bg=\(expected(want.background)) style=\(want.style.rawValue), terminal shows \(got)"
                }
            }
        }
        return nil
    }

    private static func apply(_ body: String, to foreground: inout TerminalColor, _ background: inout TerminalColor,
                              _ style: inout CellStyle) {
        var codes = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
        if codes.isEmpty { codes = [0] }
        func color() -> TerminalColor {
            switch codes.popFirst() {
            case 5: return .indexed(UInt8(clamping: codes.popFirst() ?? 0))
            case 2:
                let r = codes.popFirst() ?? 0, g = codes.popFirst() ?? 0, b = codes.popFirst() ?? 0
                return .rgb(UInt8(clamping: r), UInt8(clamping: g), UInt8(clamping: b))
            default: return .default
            }
        }
        while let code = codes.popFirst() {
            switch code {
            case 0:
                foreground = .default
                background = .default
                style = []
            case 1: style.insert(.bold)
            case 2: style.insert(.dim)
            case 4: style.insert(.underline)
            case 7: style.insert(.reverse)
            case 22: style.subtract([.bold, .dim])
            case 24: style.remove(.underline)
            case 27: style.remove(.reverse)
            case 30...37: foreground = .indexed(UInt8(code - 30))
            case 38: foreground = color()
            case 39: foreground = .default
            case 40...47: background = .indexed(UInt8(code - 40))
            case 48: background = color()
            case 49: background = .default
            case 90...97: foreground = .indexed(UInt8(code - 90 + 8))
            case 100...107: background = .indexed(UInt8(code - 100 + 8))
            default: break
            }
        }
    }
}
