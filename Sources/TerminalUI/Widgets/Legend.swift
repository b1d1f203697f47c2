import Foundation

/// A one-row colour legend: `min ▕ramp▏ max`, the ramp drawn as background colour (or shade glyphs when
/// there is no colour), so a reader can map any heatmap colour back to a number.
public struct Legend: Sendable {
    public var ramp: ColorRamp
    /// The values at the two ends of the ramp (the heatmap's scale).
    public var range: ClosedRange<Double>
    /// Digits after the decimal point in the end labels.
    public var decimals: Int

    public init(ramp: ColorRamp, range: ClosedRange<Double>, decimals: Int = 2) {
        self.ramp = ramp
        self.range = range
        self.decimals = decimals
    }

    /// The end labels as drawn.
    public var labels: (minimum: String, maximum: String) {
        (String(format: "%.*f", decimals, range.lowerBound), String(format: "%.*f", decimals, range.upperBound))
    }

    /// Draws the legend on row `y` from column `x`, at most `width` columns wide: the labels keep their
    /// length and the ramp takes the columns between them (at least one). Returns the column after the
    /// legend.
    @discardableResult
    public func draw(in screen: inout Screen, x: Int, y: Int, width: Int, mode: ColorMode,
                     labelStyle: CellStyle = []) -> Int {
        let (low, high) = labels
        let rampWidth = width - DisplayWidth.of(low) - DisplayWidth.of(high) - 2
        guard rampWidth >= 1 else { return x }
        var column = screen.put(low + " ", x: x, y: y, style: labelStyle)
        for i in 0..<rampWidth {
            let t = rampWidth == 1 ? 0.5 : Double(i) / Double(rampWidth - 1)
            if mode == .none {
                column = screen.put(String(ColorRamp.shade(at: t)), x: column, y: y)
            } else {
                column = screen.put(" ", x: column, y: y, background: ramp.color(at: t, mode: mode))
            }
        }
        return screen.put(" " + high, x: column, y: y, style: labelStyle)
    }
}
