import SafeText

/// A matrix as one JSON object: `{"title","row_axis","column_axis","rows":[labels],"columns":[labels],
/// "scale":{"name","lower","upper"},"values":[[...]]}`, null where there is no value.
public enum JSONDocument {
    public static func render(_ m: ExportMatrix) -> String {
        var out = "{\"title\":\(JSONText.quoted(m.title)),\"row_axis\":\(JSONText.quoted(m.rowAxis)),\"column_axis\":\(JSONText.quoted(m.columnAxis))"
        out += ",\"rows\":[" + m.rowLabels.map(JSONText.quoted).joined(separator: ",") + "]"
        out += ",\"columns\":[" + m.columnLabels.map(JSONText.quoted).joined(separator: ",") + "]"
        out += ",\"scale\":{\"name\":\(JSONText.quoted(m.mapping.scale.rawValue)),\"lower\":\(number(m.mapping.lower)),\"upper\":\(number(m.mapping.upper))}"
        out += ",\"values\":["
        for r in 0..<m.rows {
            if r > 0 { out += "," }
            out += "[" + (0..<m.columns).map { number(m[r, $0]) }.joined(separator: ",") + "]"
        }
        return out + "]}\n"
    }

    private static func number(_ v: Float) -> String { JSONText.number(v) }
}
