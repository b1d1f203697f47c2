/// Occlusion attribution of one shown pass: per token, how much the label's probability drops when that token
/// alone is replaced by `[MASK]` (positive: the token supports the label; negative: it argues against it).
public struct Attribution: Sendable, Equatable {
    /// One per token of the pass; nil for special tokens (never occluded).
    public let drops: [Float?]

    public init(drops: [Float?]) {
        self.drops = drops
    }

    /// The largest drop in magnitude (the colour scale's end), at least a small floor so noise stays pale.
    var scale: Float {
        max(0.05, drops.compactMap { $0 }.filter(\.isFinite).map(abs).max() ?? 0)
    }
}
