/// The one rule for writing text as a JSON string literal: `"` and `\` escaped, control characters (C0 and DEL)
/// as `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`, everything else as UTF-8. `tokenize`/`inspect` output and the
/// JSON export both use it, and `number` is the one rule for numbers.
public enum JSONText {
    /// A number as JSON: its shortest round-trip form (`Float` and `Double`'s `description`), `null` when missing or
    /// not finite (JSON has no NaN or infinity). Inlinable, so callers get it specialised: called generically
    /// across the module boundary, the runtime's generic metadata lookups took 10% of `inspect`'s time.
    @inlinable
    public static func number<Value: BinaryFloatingPoint & CustomStringConvertible>(_ value: Value?) -> String {
        guard let value, value.isFinite else { return "null" }
        return value.description
    }

    /// Appends `text` as a quoted JSON string literal to `out`.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            if !bytes.contains(where: needsEscape) {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes { appendEscaped(byte, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` as a quoted JSON string literal.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        func append(_ text: StaticString) { text.withUTF8Buffer { out.append(contentsOf: $0) } }
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case 0..<0x20, 0x7F:
            let hex: StaticString = "0123456789abcdef"
            append("\\u00")
            hex.withUTF8Buffer { digits in
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 15)])
            }
        default: out.append(byte)
        }
    }
}
