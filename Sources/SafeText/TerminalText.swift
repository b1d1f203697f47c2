/// Text from outside the program (model files, paths, arguments, standard input) made safe to print on a
/// terminal: characters a terminal could act on are shown as `\u{1B}` instead of being sent.
///
/// Every error line and every status or header text that can hold outside data goes through `escaped`: a model
/// directory downloaded from the internet must not be able to retitle the window, clear the screen or write the
/// clipboard (OSC 52) through an error message.
public enum TerminalText {
    /// `text` cut to `limit` Unicode scalars (with `…` when cut), then escaped.
    public static func escaped(_ text: some StringProtocol, limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return escaped(String(text)) }
        return escaped(String(String.UnicodeScalarView(scalars.prefix(limit)))) + "…"
    }

    /// `text` with control characters (C0, DEL, C1), format characters (bidirectional overrides, zero-width
    /// characters), line and paragraph separators and surrogates written as `\u{…}` (hexadecimal, upper case).
    public static func escaped(_ text: String) -> String {
        escaped(text, layout: false)
    }

    /// `escaped`, and also every kind of space, private-use and unassigned character: for cells of a table,
    /// where a space or an invisible character would break the columns.
    public static func escapedForLayout(_ text: String) -> String {
        escaped(text, layout: true)
    }

    private static func escaped(_ text: String, layout: Bool) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && (!layout || $0 != 0x20) }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isSafe(scalar, layout: layout) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return out
    }

    private static func isSafe(_ scalar: Unicode.Scalar, layout: Bool) -> Bool {
        let value = scalar.value
        if value >= 0x21 && value < 0x7F { return true }
        if value == 0x20 { return !layout }
        if value < 0xA0 { return false }  // C0, DEL and C1 controls
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate:
            return false
        case .privateUse, .unassigned, .spaceSeparator:
            return !layout
        default:
            return !layout || !scalar.properties.isWhitespace
        }
    }
}
