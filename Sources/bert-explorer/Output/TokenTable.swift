import TerminalUI
import WordPiece

/// The aligned, human-readable table of `tokenize`: position, token, id, segment, span and the text it covers.
/// Widths are terminal columns (CJK and emoji count two), so columns line up in a terminal.
enum TokenTable {
    /// Appends the table for `encoding` of `text` (and `pair`), ending with a newline.
    static func append(_ encoding: Encoding, text: String, pair: String?, to out: inout [UInt8]) {
        let first = Array(text.unicodeScalars), second = pair.map { Array($0.unicodeScalars) } ?? []
        var rows: [[String]] = [["pos", "token", "id", "seg", "span", "text"]]
        for token in encoding.tokens {
            var span = "-", covered = ""
            if let start = token.start, let end = token.end {
                span = "\(start):\(end)"
                let source = token.segment == 0 || pair == nil ? first : second
                if start >= 0 && end <= source.count && start <= end {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: source[start..<end])
                    covered = printable(String(view))
                }
            }
            rows.append([String(token.position), printable(token.text), String(token.id), String(token.segment), span,
                         covered])
        }
        let widths = (0..<6).map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        let rightAligned: Set<Int> = [0, 2, 3]
        for row in rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: max(0, widths[column] - DisplayWidth.of(cell)))
                if column > 0 { line += "  " }
                if column == row.count - 1 {
                    line += cell
                } else {
                    line += rightAligned.contains(column) ? padding + cell : cell + padding
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out.append(contentsOf: line.utf8)
            out.append(0x0A)
        }
        if encoding.truncated { out.append(contentsOf: "(truncated to \(encoding.count) tokens)\n".utf8) }
    }

    /// Control, format and separator characters shown as `\u{…}` so they cannot break the layout.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default:
                if scalar == " " || scalar.properties.isWhitespace {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
