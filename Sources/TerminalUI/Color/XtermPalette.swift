/// The fixed part of the xterm 256-colour palette: the 6×6×6 cube (16-231) and the grey ramp (232-255).
///
/// Indices 0-15 are deliberately never produced: users theme them, so their colours are unknown.
public enum XtermPalette {
    /// The six channel levels of the colour cube.
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The RGB colour xterm shows for `index` (16...255); indices below 16 get their xterm defaults.
    public static func rgb(of index: UInt8) -> RGBColor {
        switch index {
        case 16...231:
            let i = Int(index) - 16
            return RGBColor(cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        case 232...255:
            let v = UInt8(8 + 10 * (Int(index) - 232))
            return RGBColor(v, v, v)
        default:
            return systemColors[Int(index)]
        }
    }

    /// The index in 16...255 whose colour is perceptually nearest (CIE L*a*b*) to `color`.
    public static func nearestIndex(to color: RGBColor) -> UInt8 {
        let target = color.lab
        var best: UInt8 = 255
        var bestDistance = Double.infinity
        for (offset, lab) in labs.enumerated() {
            let d = RGBColor.distanceSquared(lab, target)
            if d < bestDistance {
                bestDistance = d
                best = UInt8(16 + offset)
            }
        }
        return best
    }

    /// Palette indices (16...255) for a sequence of colours whose lightness rises, chosen so their lightness
    /// never falls and the summed squared ΔE to the targets is smallest (dynamic programming over the
    /// palette sorted by lightness). Plain nearest-colour matching zig-zags in lightness, because the
    /// 6×6×6 cube is coarse, which makes a heatmap lie.
    public static func monotoneIndices(for colors: [RGBColor]) -> [UInt8] {
        guard !colors.isEmpty else { return [] }
        let order = labs.indices.sorted { (labs[$0].l, $0) < (labs[$1].l, $1) }
        let n = order.count
        var cost = [Double](repeating: 0, count: n)
        var back: [[Int]] = []
        for (level, color) in colors.enumerated() {
            let target = color.lab
            var previousBest = [Int](repeating: 0, count: n)
            var next = [Double](repeating: 0, count: n)
            var runningMin = Double.infinity, runningArg = 0
            for j in 0..<n {
                if cost[j] < runningMin { runningMin = cost[j]; runningArg = j }
                previousBest[j] = runningArg
                next[j] = RGBColor.distanceSquared(labs[order[j]], target) + (level == 0 ? 0 : runningMin)
            }
            back.append(previousBest)
            cost = next
        }
        var j = cost.indices.min { cost[$0] < cost[$1] }!
        var result = [UInt8](repeating: 0, count: colors.count)
        for level in stride(from: colors.count - 1, through: 0, by: -1) {
            result[level] = UInt8(16 + order[j])
            j = back[level][j]
        }
        return result
    }

    private static let labs: [(l: Double, a: Double, b: Double)] = (16...255).map { rgb(of: UInt8($0)).lab }

    private static let systemColors: [RGBColor] = [
        RGBColor(0, 0, 0), RGBColor(205, 0, 0), RGBColor(0, 205, 0), RGBColor(205, 205, 0),
        RGBColor(0, 0, 238), RGBColor(205, 0, 205), RGBColor(0, 205, 205), RGBColor(229, 229, 229),
        RGBColor(127, 127, 127), RGBColor(255, 0, 0), RGBColor(0, 255, 0), RGBColor(255, 255, 0),
        RGBColor(92, 92, 255), RGBColor(255, 0, 255), RGBColor(0, 255, 255), RGBColor(255, 255, 255),
    ]
}
