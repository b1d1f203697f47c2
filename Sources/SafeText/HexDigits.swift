/// Hashes written as text (commit ids, ETags, content hashes) are lowercase hexadecimal: the one check for text
/// from outside the program that claims to be one.
public enum HexDigits {
    /// True when `text` is exactly `count` lowercase hexadecimal digits (0-9, a-f).
    public static func isLowercase(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
