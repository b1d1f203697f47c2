/// Vectorised float32 `exp`, `erf` and `tanh` (SSE2-friendly: no rounding instructions), accurate to a few ulp.
enum VectorMath {
    typealias V = SIMD8<Float>

    /// Cephes-style `exp`: `2^n · p(r)` with `r = x - n·ln2`, `|r| ≤ ln2/2`.
    @inline(__always)
    static func exp(_ input: V) -> V {
        let x = clamp(input, -87.3, 88.3)
        let magic = V(repeating: 12_582_912)  // 1.5 · 2^23: adding it rounds to an integer
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        var r = x - n * 0.693_359_375
        r = r - n * -2.121_944_4e-4
        var p = V(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        p = p * r * r + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((integer &+ 127) &<< 23, to: V.self)
        return p * scale
    }

    /// Rational-polynomial `erf` on `[-4, 4]` (outside, `±1` in float32), as in Eigen and XLA.
    @inline(__always)
    static func erf(_ input: V) -> V {
        let x = clamp(input, -4, 4)
        let x2 = x * x
        var p = V(repeating: -2.726_142_258_013_06e-10)
        p = p * x2 + 2.770_681_424_959_02e-08
        p = p * x2 - 2.101_024_020_825_08e-06
        p = p * x2 - 5.692_506_394_623_46e-05
        p = p * x2 - 7.349_906_303_268_55e-04
        p = p * x2 - 2.954_599_808_540_25e-03
        p = p * x2 - 1.609_603_332_624_15e-02
        p = p * x
        var q = V(repeating: -1.456_607_184_649_96e-05)
        q = q * x2 - 2.133_740_552_789_05e-04
        q = q * x2 - 1.682_826_974_382_03e-03
        q = q * x2 - 7.373_329_167_204_68e-03
        q = q * x2 - 1.426_473_905_141_89e-02
        return p / q
    }

    /// `min(max(x, low), high)` lane-wise, with plain compare-and-select (the generic `clamped` is not inlined).
    @inline(__always)
    static func clamp(_ x: V, _ low: Float, _ high: Float) -> V {
        let raised = x.replacing(with: low, where: x .< low)
        return raised.replacing(with: high, where: raised .> high)
    }

    /// `tanh(x) = 1 - 2 / (exp(2x) + 1)`, with the odd symmetry kept exact.
    @inline(__always)
    static func tanh(_ x: V) -> V {
        let e = exp(x * 2)
        return 1 - 2 / (e + 1)
    }
}
