/// A matrix as CSV: a header row (`rows\columns` axis names, then the column labels) and one row per matrix
/// row starting with its label. Values in the shortest form that reads back as the same float32, empty where
/// there is none.
public enum CSVDocument {
    public static func render(_ m: ExportMatrix) -> String {
        var out = MarkupText.csv("\(m.rowAxis)\\\(m.columnAxis)")
        for label in m.columnLabels { out += "," + MarkupText.csv(label) }
        out += "\n"
        for r in 0..<m.rows {
            out += MarkupText.csv(m.rowLabels[r])
            for c in 0..<m.columns {
                let v = m[r, c]
                out += v.isFinite ? ",\(v)" : ","
            }
            out += "\n"
        }
        return out
    }
}
