import Foundation

/// Maps values in a range to positions in 0...1 on a scale; the same range labels the legend.
public struct ScaleMapping: Sendable, Equatable {
    public let scale: ValueScale
    /// The raw values shown at the two ends of the legend.
    public let lower: Float
    public let upper: Float

    /// The smallest value the log scale resolves; anything below sits at the bottom of the ramp.
    public static let logFloor: Float = 1e-4
    /// Exponent of the gamma scale.
    public static let gamma: Double = 0.5

    public init(scale: ValueScale, lower: Float, upper: Float) {
        self.scale = scale
        var lower = lower, upper = upper
        if scale == .log {
            lower = Swift.max(lower, ScaleMapping.logFloor)
            upper = Swift.max(upper, lower)
        }
        self.lower = lower
        self.upper = Swift.max(upper, lower)
    }

    /// A mapping fitted to the values: from their minimum (or zero, when `includingZero` and not log) to
    /// their maximum. Non-finite values are ignored. Inlinable, so each caller's sequence type is specialised
    /// rather than iterated through witness tables.
    @inlinable
    public static func fitted<S: Sequence>(_ scale: ValueScale, to values: S, includingZero: Bool = true) -> ScaleMapping
    where S.Element == Float {
        var lo = Float.infinity, hi = -Float.infinity
        for v in values where v.isFinite {
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        if lo > hi { lo = 0; hi = 1 }
        if includingZero && scale != .log { lo = Swift.min(lo, 0) }
        return ScaleMapping(scale: scale, lower: lo, upper: hi)
    }

    /// Position of `value` on the ramp, clamped to 0...1. A degenerate range maps everything to 1 (or 0 when
    /// the value is below it).
    public func position(_ value: Float) -> Double {
        guard value.isFinite else { return 0 }
        let t: Double
        switch scale {
        case .linear, .gamma:
            guard upper > lower else { return value >= upper ? 1 : 0 }
            t = Double((value - lower) / (upper - lower))
        case .log:
            guard upper > lower else { return value >= upper ? 1 : 0 }
            let v = Swift.max(value, ScaleMapping.logFloor)
            t = (Foundation.log10(Double(v)) - Foundation.log10(Double(lower)))
                / (Foundation.log10(Double(upper)) - Foundation.log10(Double(lower)))
        }
        let clamped = Swift.min(1, Swift.max(0, t))
        return scale == .gamma ? Foundation.pow(clamped, ScaleMapping.gamma) : clamped
    }

    /// The raw value at a ramp position (the inverse of `position` inside the range), for legend ticks.
    public func value(at position: Double) -> Float {
        let p = Swift.min(1, Swift.max(0, position))
        switch scale {
        case .linear: return lower + Float(p) * (upper - lower)
        case .gamma: return lower + Float(Foundation.pow(p, 1 / ScaleMapping.gamma)) * (upper - lower)
        case .log:
            let l = Foundation.log10(Double(lower)), u = Foundation.log10(Double(upper))
            return Float(Foundation.pow(10, l + p * (u - l)))
        }
    }
}
