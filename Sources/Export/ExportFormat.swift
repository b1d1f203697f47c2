/// File formats of an export.
public enum ExportFormat: String, Sendable, CaseIterable {
    case svg, csv, json

    /// Writes `matrix` in this format. An SVG of more than `SVGDocument.maximumCells` cells (one element each,
    /// so tens of megabytes no viewer opens) is refused with a hint.
    public func render(_ matrix: ExportMatrix) throws -> String {
        switch self {
        case .svg:
            guard matrix.rows * matrix.columns <= SVGDocument.maximumCells else {
                throw ExportError("\(matrix.rows) × \(matrix.columns) cells are too many for an SVG (at most \(SVGDocument.maximumCells)): use --format csv or json, one layer, or a shorter text")
            }
            return SVGDocument.render(matrix)
        case .csv: return CSVDocument.render(matrix)
        case .json: return JSONDocument.render(matrix)
        }
    }
}
