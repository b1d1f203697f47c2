/// One character cell of a `Screen`.
///
/// A double-width glyph occupies two cells: the first holds the glyph, the second is a
/// continuation (`isContinuation`) that backends skip.
public struct Cell: Sendable, Equatable, Hashable {
    public var glyph: String
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var style: CellStyle
    public var isContinuation: Bool

    public init(glyph: String = " ", foreground: TerminalColor = .default, background: TerminalColor = .default,
                style: CellStyle = [], isContinuation: Bool = false) {
        self.glyph = glyph
        self.foreground = foreground
        self.background = background
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}
