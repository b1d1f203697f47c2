/// File formats of an export.
public enum ExportFormat: String, Sendable, CaseIterable {
    case svg, csv, json

    /// Writes `matrix` in this format.
    public func render(_ matrix: ExportMatrix) -> String {
        switch self {
        case .svg: return SVGDocument.render(matrix)
        case .csv: return CSVDocument.render(matrix)
        case .json: return JSONDocument.render(matrix)
        }
    }
}
