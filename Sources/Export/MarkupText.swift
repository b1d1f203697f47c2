/// Text from a model or a user made safe for XML and CSV: characters XML 1.0 forbids (control characters
/// other than tab and newline, U+FFFE, U+FFFF) become a visible `\u{…}`, and markup characters are escaped.
enum MarkupText {
    /// Escaped for XML character data and attribute values.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                if isForbidden(scalar) { out += visible(scalar) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; control characters visible.
    static func csv(_ text: String) -> String {
        var cleaned = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { cleaned += visible(scalar) } else { cleaned.unicodeScalars.append(scalar) }
        }
        guard cleaned.contains(where: { $0 == "," || $0 == "\"" }) else { return cleaned }
        return "\"" + cleaned.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A conservative width estimate in pixels for layout (no font metrics available): wide scripts count double.
    static func width(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0.0) { sum, scalar in sum + (scalar.value >= 0x1100 ? 1.0 : 0.56) } * fontSize
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0x7F
            || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String {
        "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
    }
}
