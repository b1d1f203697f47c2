import Foundation

/// How a value maps to a position on a colour ramp.
public enum ValueScale: String, Sendable, CaseIterable {
    /// Proportional to the value.
    case linear
    /// Proportional to log10 of the value: small attention weights become visible.
    case log
    /// Linear position raised to the power 0.5: a gentler lift of small values than log.
    case gamma

    /// The next scale, for cycling with one key.
    public var next: ValueScale {
        let all = ValueScale.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
