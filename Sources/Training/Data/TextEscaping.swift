/// Text from data and head files shown in messages: quoted, with control characters escaped so nothing read
/// from a file can move the cursor or change the terminal.
public enum TextEscaping {
    public static func quoted(_ text: String, limit: Int = 80) -> String {
        var out = "'"
        for scalar in text.unicodeScalars.prefix(limit) {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        if text.unicodeScalars.count > limit { out += "…" }
        return out + "'"
    }

    /// `quoted` without the quotes, for labels printed in tables.
    public static func plain(_ text: String, limit: Int = 40) -> String {
        String(quoted(text, limit: limit).dropFirst().dropLast())
    }
}
