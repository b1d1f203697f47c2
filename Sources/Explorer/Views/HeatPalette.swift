import TerminalUI

/// What a heatmap cell shows for a ramp position (0...1): a viridis colour, or without colour a shade glyph
/// from ` ░▒▓█`; plus a readable text colour on top of it.
struct HeatPalette: Sendable {
    let mode: ColorMode
    let ramp = ColorRamp.viridis

    var hasColor: Bool { mode != .none }

    func color(at position: Double) -> TerminalColor { ramp.color(at: position, mode: mode) }

    static func shade(at position: Double) -> Character { ColorRamp.shade(at: position) }

    /// Dark text on the light end of the ramp, light text on the dark end.
    func textColor(on position: Double) -> TerminalColor {
        guard hasColor else { return .default }
        return color(at: position > 0.62 ? 0 : 1)
    }

    /// A heatmap cell of `width` columns for a ramp position.
    func fill(_ screen: inout Screen, x: Int, y: Int, width: Int, position: Double, maxX: Int) {
        if hasColor {
            screen.put(String(repeating: " ", count: width), x: x, y: y, background: color(at: position), maxX: maxX)
        } else {
            screen.put(String(repeating: HeatPalette.shade(at: position), count: width), x: x, y: y, maxX: maxX)
        }
    }
}
