import Foundation

/// A 24-bit sRGB colour, with the CIE L*a*b* conversion used to compare colours perceptually.
public struct RGBColor: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// CIE L*a*b* (D65 white) of this colour: `l` is perceptual lightness, 0 (black) to 100 (white).
    public var lab: (l: Double, a: Double, b: Double) {
        func linear(_ c: UInt8) -> Double {
            let v = Double(c) / 255
            return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        let r = linear(red), g = linear(green), b = linear(blue)
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16) / 116 }
        let fx = f(x), fy = f(y), fz = f(z)
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    /// CIE L* lightness, 0...100.
    public var lightness: Double { lab.l }

    /// Squared CIE76 distance (ΔE²) between two colours.
    public func distanceSquared(to other: RGBColor) -> Double { Self.distanceSquared(lab, other.lab) }

    static func distanceSquared(_ p: (l: Double, a: Double, b: Double), _ q: (l: Double, a: Double, b: Double))
        -> Double {
        (p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b)
    }
}
