/// Text from a model directory made safe for a terminal: control, format, separator and unassigned characters
/// become `\u{…}`, so a hostile label cannot move the cursor, change colours or reorder the line.
public enum DisplayText {
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
