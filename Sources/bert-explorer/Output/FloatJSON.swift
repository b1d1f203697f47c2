import SafeText

/// Float32 values as JSON numbers: Swift's shortest round-trip form (`Float.description`), `null` for
/// non-finite values (JSON has no NaN or infinity).
enum FloatJSON {
    @inline(__always)
    static func append(_ value: Float, to out: inout [UInt8]) {
        var text = JSONText.number(value)
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// `[v0,v1,...]`.
    static func appendRow(_ values: UnsafePointer<Float>, count: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for index in 0..<count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(values[index], to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `[row],[row],...` (without the enclosing brackets).
    static func appendMatrix(_ values: UnsafePointer<Float>, rows: Int, columns: Int, to out: inout [UInt8]) {
        for row in 0..<rows {
            if row > 0 { out.append(UInt8(ascii: ",")) }
            appendRow(values + row * columns, count: columns, to: &out)
        }
    }
}
