import Analysis
import TerminalUI

/// The colour ramp between the two ends of a scale's range, labelled with their raw values, then the scale
/// and a caption.
struct LegendView {
    static func draw(_ c: inout DrawContext, x: Int, y: Int, maxX: Int, mapping: ScaleMapping, caption: String) {
        let legend = Legend(ramp: c.palette.ramp, range: Double(mapping.lower)...Double(mapping.upper),
                            decimals: mapping.lower > 0 && mapping.lower < 0.001 ? 4 : 3)
        let width = min(maxX - x, DisplayWidth.of(legend.labels.minimum) + DisplayWidth.of(legend.labels.maximum) + 26)
        let end = legend.draw(in: &c.screen, x: x, y: y, width: width, mode: c.palette.mode)
        c.screen.put("  " + mapping.scale.rawValue + (caption.isEmpty ? "" : " · " + caption), x: end, y: y,
                     foreground: c.theme.muted, maxX: maxX)
    }
}
