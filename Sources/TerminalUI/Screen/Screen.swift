/// An in-memory grid of cells: views draw into it, a backend (ncurses) or a test reads it.
public struct Screen: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` from column `x` on row `y`, clipped to the screen (and to `maxX` when given,
    /// exclusive). Double-width characters take two columns; one that would straddle the clip edge is
    /// replaced by a space. Returns the column after the last one written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, foreground: TerminalColor = .default,
                             background: TerminalColor = .default, style: CellStyle = [], maxX: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(width, maxX ?? width)
        var column = x
        for character in text {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > limit { break }
            if column >= 0 {
                self[column, y] = Cell(glyph: String(character), foreground: foreground, background: background,
                                       style: style)
                if w == 2 {
                    self[column + 1, y] = Cell(glyph: "", foreground: foreground, background: background,
                                               style: style, isContinuation: true)
                }
            }
            column += w
        }
        return column
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { self[column, row] = cell }
        }
    }

    /// The screen as plain text, one line per row, trailing spaces kept so columns stay comparable.
    public var text: String {
        (0..<height).map { row in
            (0..<width).map { column -> String in
                let cell = self[column, row]
                return cell.isContinuation ? "" : cell.glyph
            }.joined()
        }.joined(separator: "\n")
    }
}
