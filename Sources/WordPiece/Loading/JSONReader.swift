/// A small, fast JSON parser for tokenizer files (Foundation's `JSONSerialization` spends most of a model load
/// on tokenizer.json's 30,000-entry vocabulary).
///
/// Values are Swift natives: `[String: Any]`, `[Any]`, `String`, `Int` (or `Double` when fractional or huge),
/// `Bool`, and `JSONReader.null` for null. Public so that tests and tools can parse tokenizer files the same way.
public struct JSONReader {
    /// The value of JSON `null`.
    public struct Null: Equatable, Sendable {}
    public static let null = Null()

    /// Where and why parsing stopped.
    public struct Failure: Error {
        public var offset: Int
        public var reason: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses one JSON document (whitespace around it allowed).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Any {
        var reader = JSONReader(bytes)
        let value = try reader.value()
        reader.skipWhitespace()
        if reader.position != bytes.count { throw reader.failure("unexpected data after the document") }
        return value
    }

    private func failure(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value() throws(Failure) -> Any {
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of data") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "t"): return try literal("true", true)
        case UInt8(ascii: "f"): return try literal("false", false)
        case UInt8(ascii: "n"): return try literal("null", Self.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString, _ result: Any) throws(Failure) -> Any {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              word.withUTF8Buffer({ $0.elementsEqual(bytes[position..<position + count]) })
        else { throw failure("invalid literal") }
        position += count
        return result
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > 512 { throw failure("nesting too deep") }
    }

    /// An object as `[String: Any]`, or as `[String: Int]` when every value is an integer (a vocabulary: its
    /// 30,000 values then never become `Any`, and the table is built once at its final size). Either casts to
    /// `[String: Any]`.
    private mutating func object() throws(Failure) -> Any {
        try enter()
        defer { depth -= 1 }
        position += 1
        var integers: [(String, Int)] = []  // while every value so far is an integer
        var members: [(String, Any)] = []
        var allIntegers = true
        func result() -> Any {
            guard allIntegers, !integers.isEmpty else {
                var dictionary = [String: Any](minimumCapacity: members.count)
                for (key, value) in members { dictionary[key] = value }  // a repeated key keeps its last value
                return dictionary
            }
            var dictionary = [String: Int](minimumCapacity: integers.count)
            for (key, value) in integers { dictionary[key] = value }
            return dictionary
        }
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            return result()
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a key") }
            let key = try string()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            position += 1
            let value = try self.value()
            if allIntegers, let integer = value as? Int {
                integers.append((key, integer))
            } else {
                if allIntegers {
                    allIntegers = false
                    members = integers.map { ($0.0, $0.1 as Any) }
                    integers = []
                }
                members.append((key, value))
            }
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of data") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return result()
            } else {
                throw failure("expected ',' or '}'")
            }
        }
    }

    private mutating func array() throws(Failure) -> [Any] {
        try enter()
        defer { depth -= 1 }
        position += 1
        var result: [Any] = []
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            return result
        }
        while true {
            result.append(try value())
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of data") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return result
            } else {
                throw failure("expected ',' or ']'")
            }
        }
    }

    private mutating func string() throws(Failure) -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                return try validated(UnsafeBufferPointer(rebasing: bytes[start..<position]))
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if byte < 0x20 { throw failure("control character in a string") }
            position += 1
        }
        throw failure("unterminated string")
    }

    private func validated(_ slice: UnsafeBufferPointer<UInt8>) throws(Failure) -> String {
        // ASCII (most keys) is valid UTF-8 as it is; the validating initialiser costs a generic lookup per call.
        if !slice.contains(where: { $0 >= 0x80 }) { return String(decoding: slice, as: UTF8.self) }
        guard let string = String(validating: slice, as: UTF8.self) else { throw failure("invalid UTF-8") }
        return string
    }

    private mutating func escapedString(from start: Int) throws(Failure) -> String {
        var output = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try output.withUnsafeBufferPointer { (buffer) throws(Failure) -> String in try validated(buffer) }
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { throw failure("unterminated escape") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                              bytes[position + 1] == UInt8(ascii: "u") else { throw failure("lone surrogate") }
                        position += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw failure("invalid surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw failure("lone surrogate")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape") }
                    output.append(contentsOf: String(unicode).utf8)
                default:
                    throw failure("invalid escape")
                }
            default:
                if byte < 0x20 { throw failure("control character in a string") }
                output.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func number() throws(Failure) -> Any {
        let start = position
        var integral = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): position += 1
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                integral = false
                position += 1
            default:
                return try numberValue(start, integral: integral)
            }
        }
        return try numberValue(start, integral: integral)
    }

    private func numberValue(_ start: Int, integral: Bool) throws(Failure) -> Any {
        // Short integers (every id of a vocabulary) straight from the digits, without building a String.
        let negative = bytes[start] == UInt8(ascii: "-")
        let digits = position - start - (negative ? 1 : 0)
        if integral && digits > 0 && digits <= 18 {
            var value = 0
            for index in (negative ? start + 1 : start)..<position { value = value * 10 + Int(bytes[index] &- 0x30) }
            return negative ? -value : value
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if integral, let value = Int(text) { return value }
        guard let value = Double(text) else { throw Failure(offset: start, reason: "invalid number") }
        return value
    }
}
