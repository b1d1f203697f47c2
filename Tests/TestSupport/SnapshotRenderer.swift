import TerminalUI

/// Renders a `Screen` as reviewable text: the glyphs, then one letter per cell naming its colours and
/// style, then what each letter means.
///
/// ```
/// screen 12x2
/// |┌ Title ──┐ |
/// |└─────────┘ |
/// attributes
/// |aAAAAAAAaa. |
/// |aaaaaaaaaa. |
/// a fg=33 bg=- bold
/// A fg=33 bg=- bold+reverse
/// ```
/// Rows are fenced with `|` so trailing spaces survive editors. `.` is a plain cell (default colours, no
/// style); other cells get `a`-`z`, `A`-`Z`, `0`-`9`, then further single-column letters, in order of
/// first appearance. A wide glyph's second column repeats its letter so the layers line up. Colours
/// read `-` (terminal default), a palette index, or `#rrggbb`.
public enum SnapshotRenderer {
    public static func render(_ screen: Screen) -> String {
        var lines = ["screen \(screen.width)x\(screen.height)"]
        lines += screen.text.split(separator: "\n", omittingEmptySubsequences: false).map { "|\($0)|" }
        var letters: [Attributes: Character] = [:]
        var order: [Attributes] = []
        lines.append("attributes")
        for row in 0..<screen.height {
            var line = "|"
            for column in 0..<screen.width {
                let cell = screen[column, row]
                let attributes = Attributes(cell)
                if attributes.isPlain {
                    line.append(".")
                    continue
                }
                if letters[attributes] == nil {
                    letters[attributes] = letter(order.count)
                    order.append(attributes)
                }
                line.append(letters[attributes]!)
            }
            lines.append(line + "|")
        }
        lines += order.map { "\(letters[$0]!) \($0.description)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `n`th attribute letter: ASCII letters and digits, then Latin Extended-A (all one column wide).
    static func letter(_ n: Int) -> Character {
        let ascii = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        if n < ascii.count { return ascii[n] }
        return Character(Unicode.Scalar(0x100 + UInt32(n - ascii.count)) ?? "?")
    }

    /// Colour and style of a cell, the part of it the attribute layer shows.
    struct Attributes: Hashable {
        let foreground: TerminalColor
        let background: TerminalColor
        let style: CellStyle

        init(_ cell: Cell) {
            foreground = cell.foreground
            background = cell.background
            style = cell.style
        }

        var isPlain: Bool { foreground == .default && background == .default && style.isEmpty }

        var description: String {
            var text = "fg=\(Self.name(foreground)) bg=\(Self.name(background))"
            let styles: [(CellStyle, String)] = [(.bold, "bold"), (.dim, "dim"), (.underline, "underline"),
                                                 (.reverse, "reverse")]
            let names = styles.filter { style.contains($0.0) }.map(\.1)
            if !names.isEmpty { text += " " + names.joined(separator: "+") }
            return text
        }

        static func name(_ color: TerminalColor) -> String {
            switch color {
            case .default: return "-"
            case .indexed(let i): return String(i)
            case .rgb(let r, let g, let b):
                return "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            }
        }
    }
}
