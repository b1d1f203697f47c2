/// A Unicode box around a rectangle, with an optional title set into the top edge: `┌ Title ───┐`.
public struct Frame: Sendable {
    /// The line set of the box.
    public enum Border: Sendable {
        case light, heavy, double, rounded

        /// Corners and edges: top-left, top-right, bottom-left, bottom-right, horizontal, vertical.
        var glyphs: [String] {
            switch self {
            case .light: return ["┌", "┐", "└", "┘", "─", "│"]
            case .heavy: return ["┏", "┓", "┗", "┛", "━", "┃"]
            case .double: return ["╔", "╗", "╚", "╝", "═", "║"]
            case .rounded: return ["╭", "╮", "╰", "╯", "─", "│"]
            }
        }
    }

    public var title: String?
    public var border: Border
    public var foreground: TerminalColor
    public var style: CellStyle

    public init(title: String? = nil, border: Border = .light, foreground: TerminalColor = .default,
                style: CellStyle = []) {
        self.title = title
        self.border = border
        self.foreground = foreground
        self.style = style
    }

    /// Draws the box on the edge cells of the rectangle (clipped to the screen) and returns the interior,
    /// which the box leaves untouched. A rectangle smaller than 2×2 draws nothing and has no interior.
    @discardableResult
    public func draw(in screen: inout Screen, x: Int, y: Int, width: Int, height: Int)
        -> (x: Int, y: Int, width: Int, height: Int) {
        guard width >= 2, height >= 2 else { return (x, y, 0, 0) }
        let g = border.glyphs
        let right = x + width - 1, bottom = y + height - 1
        func put(_ glyph: String, _ column: Int, _ row: Int) {
            screen.put(glyph, x: column, y: row, foreground: foreground, style: style)
        }
        for column in x + 1..<right {
            put(g[4], column, y)
            put(g[4], column, bottom)
        }
        for row in y + 1..<bottom {
            put(g[5], x, row)
            put(g[5], right, row)
        }
        put(g[0], x, y)
        put(g[1], right, y)
        put(g[2], x, bottom)
        put(g[3], right, bottom)
        if let title, !title.isEmpty, width >= 5 {
            // One edge cell and a space on each side of the title.
            let shown = DisplayWidth.truncate(title, to: width - 4)
            screen.put(" " + shown + " ", x: x + 1, y: y, foreground: foreground, style: style.union(.bold))
        }
        return (x + 1, y + 1, width - 2, height - 2)
    }
}
