import WordPiece

/// Compact JSON for tokens and encodings, written straight into a byte buffer (no `Encodable`, no
/// intermediate strings). `tokenize --json` and `inspect` share it.
///
/// A token is `{"text":"[CLS]","id":101,"position":0,"segment":0,"start":null,"end":null}`; an encoding is
/// `{"tokens":[...],"truncated":false}`.
enum TokenJSON {
    /// Appends one token object.
    static func appendToken(_ token: Token, to out: inout [UInt8]) {
        append(ascii: "{\"text\":", to: &out)
        appendString(token.text, to: &out)
        append(ascii: ",\"id\":", to: &out)
        appendInt(token.id, to: &out)
        append(ascii: ",\"position\":", to: &out)
        appendInt(token.position, to: &out)
        append(ascii: ",\"segment\":", to: &out)
        appendInt(token.segment, to: &out)
        append(ascii: ",\"start\":", to: &out)
        appendOptionalInt(token.start, to: &out)
        append(ascii: ",\"end\":", to: &out)
        appendOptionalInt(token.end, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends the `[...]` array of token objects.
    static func appendTokens(_ tokens: [Token], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, token) in tokens.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendToken(token, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Appends `{"tokens":[...],"truncated":false}` (no newline).
    static func appendEncoding(_ encoding: Encoding, to out: inout [UInt8]) {
        append(ascii: "{\"tokens\":", to: &out)
        appendTokens(encoding.tokens, to: &out)
        append(ascii: encoding.truncated ? ",\"truncated\":true}" : ",\"truncated\":false}", to: &out)
    }

    /// Appends a JSON string literal: `"`, `\` and control characters escaped, everything else as UTF-8.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append(ascii: "\\\"", to: &out)
            case UInt8(ascii: "\\"): append(ascii: "\\\\", to: &out)
            case 0x0A: append(ascii: "\\n", to: &out)
            case 0x0D: append(ascii: "\\r", to: &out)
            case 0x09: append(ascii: "\\t", to: &out)
            case 0x08: append(ascii: "\\b", to: &out)
            case 0x0C: append(ascii: "\\f", to: &out)
            case 0..<0x20, 0x7F:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                append(ascii: "\\u00", to: &out)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendOptionalInt(_ value: Int?, to out: inout [UInt8]) {
        if let value { appendInt(value, to: &out) } else { append(ascii: "null", to: &out) }
    }

    static func appendInt(_ value: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendInt(-value, to: &out)
            return
        }
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    @inline(__always)
    static func append(ascii text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }
}
