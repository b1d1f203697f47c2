/// Terminal column width of characters, following glibc's wcwidth (which ncurses uses to place them):
/// 0 for controls, combining marks, most format characters and conjoining Hangul jamo; 2 for East Asian
/// Wide and Fullwidth characters and emoji with emoji presentation; 1 otherwise. A character (grapheme)
/// is as wide as its first scalar, or 2 when any of its scalars has emoji presentation.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        // Printable ASCII, most of what is drawn, needs no Unicode property lookup (they cost 7% of a frame).
        if let ascii = character.asciiValue, ascii >= 32, ascii < 0x7F { return 1 }
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        return of(first)
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 32 && v < 0x7F { return 1 }
        if v < 32 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v == 0xAD { return 1 }  // soft hyphen: shown, as glibc counts it
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }  // conjoining jamo
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark:
            return 0
        case .format:
            return prependedConcatenationMarks.contains(v) ? 1 : 0
        default:
            break
        }
        if (0x1F1E6...0x1F1FF).contains(v) { return 1 }  // a regional indicator alone; a flag pair is 2
        if scalar.properties.isEmojiPresentation || isWide(v) { return 2 }
        return 1
    }
    /// Width of a whole string in columns.
    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// `text` cut to at most `width` columns, ending in "…" when something was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return text }
        var result = "", used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// Format characters that are drawn (Arabic number signs and the like), width 1 in glibc.
    private static let prependedConcatenationMarks: Set<UInt32> = [
        0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD,
    ]

    /// East Asian Wide and Fullwidth blocks (emoji are covered by Emoji_Presentation).
    private static func isWide(_ v: UInt32) -> Bool {
        (v >= 0x1100 && v <= 0x115F) || (v >= 0x2329 && v <= 0x232A) || (v >= 0x2E80 && v <= 0x303E)
            || (v >= 0x3041 && v <= 0x33FF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4DC0 && v <= 0x4DFF)
            || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xA000 && v <= 0xA4CF) || (v >= 0xA960 && v <= 0xA97F)
            || (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE10 && v <= 0xFE19)
            || (v >= 0xFE30 && v <= 0xFE6F) || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0xFFE0 && v <= 0xFFE6)
            || (v >= 0x16FE0 && v <= 0x16FE4) || (v >= 0x16FF0 && v <= 0x16FF1) || (v >= 0x17000 && v <= 0x18CFF)
            || (v >= 0x18D00 && v <= 0x18D08) || (v >= 0x1AFF0 && v <= 0x1B2FF) || (v >= 0x1F200 && v <= 0x1F2FF)
            || (v >= 0x20000 && v <= 0x3FFFD)
    }
}
