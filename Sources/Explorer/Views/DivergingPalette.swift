import TerminalUI

/// Colours for signed values (occlusion attribution): one ramp for positive values, one for negative, both
/// from the dark grey of a blank cell (zero) to a saturated colour (the scale's end), so a token that does not
/// matter stays quiet and the sign reads as the hue. Without colour the cell's signed number carries it alone.
struct DivergingPalette: Sendable {
    let mode: ColorMode
    /// Positive: the token supports the label (warm).
    static let positive = ColorRamp(name: "attribution+", stops: [
        RGBColor(48, 48, 48), RGBColor(120, 38, 40), RGBColor(178, 24, 43), RGBColor(214, 96, 77), RGBColor(244, 165, 130),
    ])
    /// Negative: the token argues against it (cool).
    static let negative = ColorRamp(name: "attribution-", stops: [
        RGBColor(48, 48, 48), RGBColor(35, 70, 120), RGBColor(33, 102, 172), RGBColor(67, 147, 195), RGBColor(146, 197, 222),
    ])

    var hasColor: Bool { mode != .none }

    /// The background for `value` on a scale whose ends are ±`scale`.
    func color(_ value: Float, scale: Float) -> TerminalColor {
        guard value.isFinite, scale > 0 else { return .default }
        let t = Double(min(1, abs(value) / scale))
        return (value >= 0 ? Self.positive : Self.negative).color(at: t, mode: mode)
    }

    /// Readable text on that background: dark on the pale ends, light elsewhere.
    func textColor(_ value: Float, scale: Float) -> TerminalColor {
        guard hasColor else { return .default }
        let t = value.isFinite && scale > 0 ? Double(min(1, abs(value) / scale)) : 0
        let dark = t > 0.8
        if mode == .truecolor { return dark ? .rgb(20, 20, 20) : .rgb(238, 238, 238) }
        return .indexed(dark ? 234 : 255)
    }
}
