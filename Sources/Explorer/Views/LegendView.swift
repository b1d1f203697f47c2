import Analysis
import TerminalUI

/// The colour ramp between the two ends of a scale's range, labelled with their raw values, then the scale
/// and a caption; `nan` (in the error colour) after the ramp when some shown values are not finite (their cells
/// sit at the bottom of the ramp, so the colour alone would pass them off as the minimum).
struct LegendView {
    static func draw(_ c: inout DrawContext, x: Int, y: Int, maxX: Int, mapping: ScaleMapping, caption: String,
                     nonFinite: Bool) {
        let legend = Legend(ramp: c.palette.ramp, range: Double(mapping.lower)...Double(mapping.upper),
                            decimals: mapping.lower > 0 && mapping.lower < 0.001 ? 4 : 3)
        let width = min(maxX - x, DisplayWidth.of(legend.labels.minimum) + DisplayWidth.of(legend.labels.maximum) + 26)
        var end = legend.draw(in: &c.screen, x: x, y: y, width: width, mode: c.palette.mode)
        if nonFinite {
            end = c.screen.put("  nan", x: end, y: y, foreground: c.theme.unknown, style: .bold, maxX: maxX)
        }
        c.screen.put("  " + mapping.scale.rawValue + (caption.isEmpty ? "" : " · " + caption), x: end, y: y,
                     foreground: c.theme.muted, maxX: maxX)
    }
}
