import SafeText
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
        JSONText.appendQuoted(token.text, to: &out)
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

    static func appendOptionalInt(_ value: Int?, to out: inout [UInt8]) {
        if let value { appendInt(value, to: &out) } else { append(ascii: "null", to: &out) }
    }

    static func appendInt(_ value: Int, to out: inout [UInt8]) {
        if value >= 0 && value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var index = 20
            while magnitude > 0 {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index...]))
        }
    }

    @inline(__always)
    static func append(ascii text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }
}
