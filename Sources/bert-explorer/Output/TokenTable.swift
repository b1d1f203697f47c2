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
                text = TokenTable.printable(raw)
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

    /// Appends the table for `encoding` of `text` (and `pair`), ending with a newline.
    /// Token cells by token id (token texts repeat; their widths need Unicode property lookups).
    private var tokenCells: [Int: Cell] = [:]

    init() {}

    mutating func append(_ encoding: Encoding, text: String, pair: String?, to out: inout [UInt8]) {
        let first = ScalarOffsets(text), second = pair.map(ScalarOffsets.init)
        var rows: [[Cell]] = [Self.header.map(Cell.init)]
        rows.reserveCapacity(encoding.count + 1)
        for token in encoding.tokens {
            var span = Cell("-"), covered = Cell("")
            if let start = token.start, let end = token.end {
                span = Cell("\(start):\(end)")
                let source = token.segment == 0 || second == nil ? first : second!
                if let slice = source.substring(start, end) { covered = Cell(slice) }
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

    /// UTF-8 offsets of a text's Unicode scalars, to cut token spans (scalar offsets) out of it.
    private struct ScalarOffsets {
        let bytes: [UInt8]
        let offsets: [Int]

        init(_ text: String) {
            bytes = Array(text.utf8)
            var offsets: [Int] = []
            offsets.reserveCapacity(bytes.count + 1)
            for (index, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 { offsets.append(index) }
            offsets.append(bytes.count)
            self.offsets = offsets
        }

        func substring(_ start: Int, _ end: Int) -> String? {
            guard start >= 0, start <= end, end < offsets.count else { return nil }
            return String(decoding: bytes[offsets[start]..<offsets[end]], as: UTF8.self)
        }
    }

    /// Control, format, separator and whitespace characters shown as `\u{…}` so they cannot break the layout.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let visible: Bool
            if scalar.value > 0x20 && scalar.value < 0x7F {
                visible = true
            } else {
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned,
                     .spaceSeparator:
                    visible = false
                default:
                    visible = !scalar.properties.isWhitespace
                }
            }
            if visible {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return out
    }
}
