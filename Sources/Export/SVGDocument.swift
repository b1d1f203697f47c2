import Analysis
import Foundation
import TerminalUI

/// A matrix as a standalone SVG picture: title line, labels on both axes, one `<rect>` per cell coloured with
/// the terminal's viridis ramp and carrying its exact value in a `<title>` (a tooltip in browsers), segment or
/// block boundaries, and a colour bar with its scale. Plain SVG 1.1 with generic font families and no CSS, so
/// it survives conversion for a LaTeX include (Inkscape, rsvg-convert, the `svg` package).
public enum SVGDocument {
    static let ramp = ColorRamp.viridis
    static let fontFamily = "Helvetica, Arial, sans-serif"
    /// The most cells `ExportFormat.svg` writes: a 512-token attention matrix fits.
    public static let maximumCells = 512 * 512

    public static func render(_ m: ExportMatrix) -> String {
        let longest = max(m.rows, m.columns, 1)
        let cell = max(3.0, min(18.0, (720.0 / Double(longest)).rounded(.down)))
        let labelSize = min(11.0, cell * 0.7)
        let showLabels = cell >= 7
        let margin = 12.0, titleHeight = 40.0
        let rowLabelWidth = showLabels ? (m.rowLabels.map { MarkupText.width($0, fontSize: labelSize) }.max() ?? 0) + 8 : 0
        let columnLabelHeight = showLabels ? (m.columnLabels.map { MarkupText.width($0, fontSize: labelSize) }.max() ?? 0) + 8 : 0
        let left = margin + max(rowLabelWidth, 40), top = margin + titleHeight + max(columnLabelHeight, 14)
        let gridWidth = Double(m.columns) * cell, gridHeight = Double(m.rows) * cell
        let barX = left + gridWidth + 16, barHeight = max(gridHeight, 120), barWidth = 14.0
        let titleWidth = margin + MarkupText.width(m.title, fontSize: 13)
        let width = max(barX + barWidth + 64, titleWidth + margin), height = top + barHeight + margin + 16

        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(f(width))" height="\(f(height))" \
            viewBox="0 0 \(f(width)) \(f(height))" font-family="\(fontFamily)">
            <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="#ffffff"/>
            <text x="\(f(margin))" y="\(f(margin + 14))" font-size="13" font-weight="bold">\(MarkupText.xml(m.title))</text>
            <text x="\(f(margin))" y="\(f(margin + 30))" font-size="10" fill="#555555">\(MarkupText.xml("rows: \(m.rowAxis) · columns: \(m.columnAxis)"))</text>

            """
        if showLabels {
            out += "<g font-size=\"\(f(labelSize))\" fill=\"#000000\">\n"
            for (r, label) in m.rowLabels.enumerated() {
                let y = top + (Double(r) + 0.5) * cell + labelSize * 0.35
                out += "<text x=\"\(f(left - 4))\" y=\"\(f(y))\" text-anchor=\"end\">\(MarkupText.xml(label))</text>\n"
            }
            for (c, label) in m.columnLabels.enumerated() {
                let x = left + (Double(c) + 0.5) * cell + labelSize * 0.35
                out += "<text transform=\"translate(\(f(x)) \(f(top - 4))) rotate(-90)\">\(MarkupText.xml(label))</text>\n"
            }
            out += "</g>\n"
        }
        out += "<g stroke=\"none\" shape-rendering=\"crispEdges\">\n"
        for r in 0..<m.rows {
            for c in 0..<m.columns {
                let v = m[r, c]
                let fill = v.isFinite ? hex(ramp.rgb(at: m.mapping.position(v))) : "#dddddd"
                let value = v.isFinite ? "\(v)" : "n/a"
                let tip = MarkupText.xml("\(m.rowLabels[r]) → \(m.columnLabels[c]) = \(value)")
                out += "<rect x=\"\(f(left + Double(c) * cell))\" y=\"\(f(top + Double(r) * cell))\" width=\"\(f(cell))\" "
                    + "height=\"\(f(cell))\" fill=\"\(fill)\"><title>\(tip)</title></rect>\n"
            }
        }
        out += "</g>\n"
        for r in m.rowBoundaries where r > 0 && r < m.rows {
            let y = top + Double(r) * cell
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + gridWidth))\" y2=\"\(f(y))\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n"
        }
        for c in m.columnBoundaries where c > 0 && c < m.columns {
            let x = left + Double(c) * cell
            out += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + gridHeight))\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n"
        }
        out += colourBar(m.mapping, x: barX, y: top, width: barWidth, height: barHeight)
        return out + "</svg>\n"
    }

    /// The ramp from the top (upper end) down, in 64 bands, framed, with five value ticks and the scale's name.
    private static func colourBar(_ mapping: ScaleMapping, x: Double, y: Double, width: Double, height: Double) -> String {
        let bands = 64, band = height / Double(bands)
        var out = "<g stroke=\"none\" shape-rendering=\"crispEdges\">\n"
        for i in 0..<bands {
            let position = 1 - (Double(i) + 0.5) / Double(bands)
            out += "<rect x=\"\(f(x))\" y=\"\(f(y + Double(i) * band))\" width=\"\(f(width))\" height=\"\(f(band + 0.05))\" fill=\"\(hex(ramp.rgb(at: position)))\"/>\n"
        }
        out += "</g>\n<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"0.5\"/>\n"
        out += "<g font-size=\"9\" fill=\"#000000\">\n"
        for tick in 0...4 {
            let position = Double(tick) / 4, ty = y + height * (1 - position)
            out += "<line x1=\"\(f(x + width))\" y1=\"\(f(ty))\" x2=\"\(f(x + width + 3))\" y2=\"\(f(ty))\" stroke=\"#000000\" stroke-width=\"0.5\"/>\n"
            out += "<text x=\"\(f(x + width + 5))\" y=\"\(f(ty + 3))\">\(String(format: "%.3g", Double(mapping.value(at: position))))</text>\n"
        }
        out += "<text x=\"\(f(x))\" y=\"\(f(y + height + 12))\">\(mapping.scale.rawValue)</text>\n</g>\n"
        return out
    }

    private static func hex(_ c: RGBColor) -> String { String(format: "#%02x%02x%02x", c.red, c.green, c.blue) }

    /// Coordinates with at most two decimals.
    private static func f(_ v: Double) -> String {
        let rounded = (v * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded)
    }
}
