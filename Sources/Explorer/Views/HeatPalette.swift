import TerminalUI

/// Maps a ramp position (0...1) to what a heatmap cell shows: a perceptual (viridis) colour, or, without
/// colour, a shade glyph from ` ░▒▓█`.
struct HeatPalette: Sendable {
    let mode: ColorMode

    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// Viridis at nine evenly spaced stops.
    private static let stops: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ]

    var hasColor: Bool { mode != .none }

    func rgb(at position: Double) -> (UInt8, UInt8, UInt8) {
        let p = min(1, max(0, position.isFinite ? position : 0)) * Double(HeatPalette.stops.count - 1)
        let i = min(Int(p), HeatPalette.stops.count - 2)
        let f = p - Double(i)
        let a = HeatPalette.stops[i], b = HeatPalette.stops[i + 1]
        func mix(_ x: Double, _ y: Double) -> UInt8 { UInt8((x + (y - x) * f).rounded()) }
        return (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    func color(at position: Double) -> TerminalColor {
        let (r, g, b) = rgb(at: position)
        switch mode {
        case .none: return .default
        case .truecolor: return .rgb(r, g, b)
        case .palette256:
            func level(_ v: UInt8) -> Int {
                let levels = [0, 95, 135, 175, 215, 255]
                return levels.indices.min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) }!
            }
            return .indexed(UInt8(16 + 36 * level(r) + 6 * level(g) + level(b)))
        }
    }

    static func shade(at position: Double) -> Character {
        let p = min(1, max(0, position.isFinite ? position : 0))
        return shades[min(shades.count - 1, Int(p * Double(shades.count - 1) + 0.5))]
    }

    /// A readable text colour on top of the ramp colour at `position`.
    func textColor(on position: Double) -> TerminalColor {
        guard hasColor else { return .default }
        return position > 0.62 ? color(at: 0) : .rgbOrIndexed(255, 255, 255, mode: mode)
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

extension TerminalColor {
    /// An RGB colour in truecolor mode, its nearest grey-ramp index in 256-colour mode.
    static func rgbOrIndexed(_ r: UInt8, _ g: UInt8, _ b: UInt8, mode: ColorMode) -> TerminalColor {
        switch mode {
        case .none: return .default
        case .truecolor: return .rgb(r, g, b)
        case .palette256:
            let grey = (Int(r) + Int(g) + Int(b)) / 3
            return .indexed(UInt8(232 + min(23, max(0, (grey - 8) / 10))))
        }
    }
}
