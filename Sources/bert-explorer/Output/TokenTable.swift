import SafeText
import TerminalUI
import WordPiece

/// The aligned, human-readable table of `tokenize`: position, token, id, segment, span and the text it covers.
/// Widths are terminal columns (CJK and emoji count two), so columns line up in a terminal. Keep one table
/// for a run: it remembers the cells of tokens it has shown.
struct TokenTable {
    private static let header = ["pos", "token", "id", "seg", "span", "text"]
    private static let rightAligned: [Bool] = [true, false, true, true, false, false]

    /// A cell's text, made printable, and its width in terminal columns.
    private struct Cell {
        var text: String
        var width: Int
        /// The text before escaping.
        var source: String

        init(_ raw: String) {
            source = raw
            if Self.isPlainASCII(raw) {
                text = raw
                width = raw.utf8.count
            } else {
                text = TerminalText.escapedForLayout(raw)
                width = DisplayWidth.of(text)
            }
        }

        init(number: Int) {
            text = String(number)
            source = text
            width = text.utf8.count
        }

        private static func isPlainASCII(_ text: String) -> Bool {
            text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        }
    }

    /// Token cells by token id (token texts repeat; their widths need Unicode property lookups).
    private var tokenCells: [Int: Cell] = [:]

    init() {}

    /// Appends the table for `encoding` (and `pair`), ending with a newline. `firstText(start, end)` gives the text
    /// a span of the first sequence covers (the first text may be a huge line that is not held whole).
    mutating func append(_ encoding: Encoding, pair: String?, firstText: (Int, Int) -> String?, to out: inout [UInt8]) {
        let second = pair.map(ScalarOffsets.init)
        var rows: [[Cell]] = [Self.header.map(Cell.init)]
        rows.reserveCapacity(encoding.count + 1)
        for token in encoding.tokens {
            var span = Cell("-"), covered = Cell("")
            if let start = token.start, let end = token.end {
                span = Cell("\(start):\(end)")
                let slice = token.segment == 0 || second == nil ? firstText(start, end) : second!.substring(start, end)
                if let slice { covered = Cell(slice) }
            }
            let tokenCell: Cell
            if let cached = tokenCells[token.id], cached.source == token.text {
                tokenCell = cached
            } else {
                tokenCell = Cell(token.text)
                if tokenCells.count < 1 << 16 { tokenCells[token.id] = tokenCell }
            }
            rows.append([Cell(number: token.position), tokenCell, Cell(number: token.id),
                         Cell(number: token.segment), span, covered])
        }
        var widths = [Int](repeating: 0, count: Self.header.count)
        for row in rows { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.width) } }
        for row in rows {
            var pending = 0  // spaces owed before the next non-empty text, so lines carry no trailing blanks
            for (column, cell) in row.enumerated() {
                if column > 0 { pending += 2 }
                let padding = max(0, widths[column] - cell.width)
                if Self.rightAligned[column] { pending += padding }
                if !cell.text.isEmpty {
                    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: pending))
                    out.append(contentsOf: cell.text.utf8)
                    pending = 0
                }
                if !Self.rightAligned[column] { pending += padding }
            }
            out.append(0x0A)
        }
        if encoding.truncated { out.append(contentsOf: "(truncated to \(encoding.count) tokens)\n".utf8) }
    }

    /// A token's text as a cell shows it (`TerminalText.escapedForLayout`).
    static func printable(_ text: String) -> String { TerminalText.escapedForLayout(text) }
}
