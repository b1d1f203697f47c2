/// A perceptual colour map from a value in 0...1 to a terminal colour, for heatmaps and legends.
///
/// Colours are interpolated in sRGB between stops sampled evenly from matplotlib's maps (CC0), which is
/// indistinguishable from the 256-entry originals at this density. Palette indices are precomputed for
/// 256 levels, never darker as `t` rises (see `XtermPalette.monotoneIndices`), so `color(at:mode:)` is
/// cheap in every mode.
public struct ColorRamp: Sendable {
    /// A short name for menus and legends (`"viridis"`).
    public let name: String
    private let stops: [RGBColor]
    private let paletteIndices: [UInt8]

    /// A ramp through `stops`, evenly spaced over 0...1 (at least two).
    public init(name: String, stops: [RGBColor]) {
        precondition(stops.count >= 2, "a ramp needs two stops")
        self.name = name
        self.stops = stops
        paletteIndices = XtermPalette.monotoneIndices(
            for: (0..<256).map { Self.interpolate(stops, at: Double($0) / 255) })
    }

    /// The exact 24-bit colour at `t` (clamped to 0...1; NaN counts as 0).
    public func rgb(at t: Double) -> RGBColor { Self.interpolate(stops, at: Self.clamp(t)) }

    /// The colour at `t`, clamped to 0...1: `.truecolor` gives `.rgb`, `.palette256` the nearest colour of
    /// the xterm cube and grey ramp (indices 16-255 only), `.none` gives `.default`.
    public func color(at t: Double, mode: ColorMode) -> TerminalColor {
        switch mode {
        case .none:
            return .default
        case .palette256:
            return .indexed(paletteIndices[Int((Self.clamp(t) * 255).rounded())])
        case .truecolor:
            let c = rgb(at: t)
            return .rgb(c.red, c.green, c.blue)
        }
    }

    /// Shade glyph for `NO_COLOR`, from " ░▒▓█": five equal bins over 0...1.
    public static func shade(at t: Double) -> Character {
        shades[min(shades.count - 1, Int(clamp(t) * Double(shades.count)))]
    }

    private static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    private static func clamp(_ t: Double) -> Double { t.isNaN ? 0 : min(1, max(0, t)) }

    private static func interpolate(_ stops: [RGBColor], at t: Double) -> RGBColor {
        let position = t * Double(stops.count - 1)
        let lower = min(stops.count - 2, Int(position))
        let fraction = position - Double(lower)
        let a = stops[lower], b = stops[lower + 1]
        func mix(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8((Double(x) + (Double(y) - Double(x)) * fraction).rounded())
        }
        return RGBColor(mix(a.red, b.red), mix(a.green, b.green), mix(a.blue, b.blue))
    }
}

extension ColorRamp {
    /// Matplotlib's viridis: dark blue-violet through teal to yellow.
    public static let viridis = ColorRamp(name: "viridis", stops: [
        RGBColor(68, 1, 84), RGBColor(71, 13, 96), RGBColor(72, 24, 106), RGBColor(72, 35, 116),
        RGBColor(71, 45, 123), RGBColor(69, 55, 129), RGBColor(66, 64, 134), RGBColor(62, 73, 137),
        RGBColor(59, 82, 139), RGBColor(55, 91, 141), RGBColor(51, 99, 141), RGBColor(47, 107, 142),
        RGBColor(44, 114, 142), RGBColor(41, 122, 142), RGBColor(38, 130, 142), RGBColor(35, 137, 142),
        RGBColor(33, 144, 140), RGBColor(31, 151, 139), RGBColor(31, 159, 136), RGBColor(33, 166, 133),
        RGBColor(39, 173, 129), RGBColor(49, 181, 123), RGBColor(62, 188, 116), RGBColor(77, 194, 108),
        RGBColor(92, 200, 99), RGBColor(110, 206, 88), RGBColor(130, 211, 77), RGBColor(149, 216, 64),
        RGBColor(170, 220, 50), RGBColor(192, 223, 37), RGBColor(213, 226, 26), RGBColor(234, 229, 26),
        RGBColor(253, 231, 37),
    ])

    /// Matplotlib's magma: black through purple and coral to pale yellow.
    public static let magma = ColorRamp(name: "magma", stops: [
        RGBColor(0, 0, 4), RGBColor(3, 3, 18), RGBColor(10, 8, 34), RGBColor(19, 13, 52),
        RGBColor(29, 17, 71), RGBColor(41, 17, 90), RGBColor(54, 16, 107), RGBColor(68, 15, 118),
        RGBColor(80, 18, 124), RGBColor(93, 23, 127), RGBColor(105, 28, 129), RGBColor(118, 33, 129),
        RGBColor(130, 38, 129), RGBColor(143, 42, 129), RGBColor(156, 46, 127), RGBColor(169, 51, 125),
        RGBColor(182, 54, 122), RGBColor(195, 59, 117), RGBColor(207, 64, 112), RGBColor(219, 71, 106),
        RGBColor(230, 81, 100), RGBColor(238, 92, 94), RGBColor(244, 106, 92), RGBColor(249, 120, 93),
        RGBColor(251, 136, 97), RGBColor(253, 150, 104), RGBColor(254, 165, 113), RGBColor(254, 180, 123),
        RGBColor(254, 194, 135), RGBColor(254, 209, 148), RGBColor(253, 224, 161), RGBColor(252, 238, 176),
        RGBColor(252, 253, 191),
    ])
}
