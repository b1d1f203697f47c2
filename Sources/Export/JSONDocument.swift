/// A matrix as one JSON object: `{"title","row_axis","column_axis","rows":[labels],"columns":[labels],
/// "scale":{"name","lower","upper"},"values":[[...]]}`, null where there is no value.
public enum JSONDocument {
    public static func render(_ m: ExportMatrix) -> String {
        var out = "{\"title\":\(string(m.title)),\"row_axis\":\(string(m.rowAxis)),\"column_axis\":\(string(m.columnAxis))"
        out += ",\"rows\":[" + m.rowLabels.map(string).joined(separator: ",") + "]"
        out += ",\"columns\":[" + m.columnLabels.map(string).joined(separator: ",") + "]"
        out += ",\"scale\":{\"name\":\(string(m.mapping.scale.rawValue)),\"lower\":\(number(m.mapping.lower)),\"upper\":\(number(m.mapping.upper))}"
        out += ",\"values\":["
        for r in 0..<m.rows {
            if r > 0 { out += "," }
            out += "[" + (0..<m.columns).map { number(m[r, $0]) }.joined(separator: ",") + "]"
        }
        return out + "]}\n"
    }

    static func number(_ v: Float) -> String { v.isFinite ? "\(v)" : "null" }

    /// A JSON string literal: quote, backslash and control characters escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
