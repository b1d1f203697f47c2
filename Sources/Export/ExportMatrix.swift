import Analysis

/// A labelled matrix ready to be written as a picture or a table: what every export format draws.
public struct ExportMatrix: Sendable, Equatable {
    /// One line naming the model, view, layer, head and scale.
    public var title: String
    /// What the rows and the columns are (`query`, `key`, `layer`, `head`, `token`, ...).
    public var rowAxis: String
    public var columnAxis: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `rows × columns` values, row-major; NaN where there is no value (drawn blank, written empty/null).
    public var values: [Float]
    /// How values map to colours; its range labels the colour bar.
    public var mapping: ScaleMapping
    /// Rows and columns before which a separating line is drawn (segment B of a pair, blocks of the overview).
    public var rowBoundaries: [Int]
    public var columnBoundaries: [Int]

    public var rows: Int { rowLabels.count }
    public var columns: Int { columnLabels.count }

    public init(title: String, rowAxis: String, columnAxis: String, rowLabels: [String], columnLabels: [String],
                values: [Float], mapping: ScaleMapping, rowBoundaries: [Int] = [], columnBoundaries: [Int] = []) {
        precondition(values.count == rowLabels.count * columnLabels.count, "one value per cell")
        self.title = title
        self.rowAxis = rowAxis
        self.columnAxis = columnAxis
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.mapping = mapping
        self.rowBoundaries = rowBoundaries
        self.columnBoundaries = columnBoundaries
    }

    public subscript(row: Int, column: Int) -> Float { values[row * columns + column] }
}
