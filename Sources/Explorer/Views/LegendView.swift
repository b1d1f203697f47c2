import Analysis
import TerminalUI

/// A colour (or shade) ramp between the two ends of a scale's range, labelled with their raw values.
struct LegendView {
    static func draw(_ c: inout DrawContext, x: Int, y: Int, maxX: Int, mapping: ScaleMapping, caption: String) {
        var cx = c.screen.put(TextFit.number(mapping.lower) + " ", x: x, y: y, foreground: c.theme.muted, maxX: maxX)
        let steps = max(4, min(24, (maxX - cx) / 3))
        for i in 0..<steps {
            let p = Double(i) / Double(steps - 1)
            c.palette.fill(&c.screen, x: cx, y: y, width: 1, position: p, maxX: maxX)
            cx += 1
        }
        cx = c.screen.put(" " + TextFit.number(mapping.upper), x: cx, y: y, foreground: c.theme.muted, maxX: maxX)
        c.screen.put("  " + mapping.scale.rawValue + (caption.isEmpty ? "" : " · " + caption), x: cx, y: y,
                     foreground: c.theme.muted, maxX: maxX)
    }
}
