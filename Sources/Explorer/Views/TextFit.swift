import TerminalUI

/// Fitting labels into a number of terminal columns.
enum TextFit {
    /// `text` padded with spaces on the left to `width` columns (truncated first if too wide).
    static func padLeft(_ text: String, to width: Int) -> String {
        let t = DisplayWidth.truncate(text, to: width)
        return String(repeating: " ", count: max(0, width - DisplayWidth.of(t))) + t
    }

    /// The first visible index of a window of `visible` items out of `count` that keeps `focus` in view,
    /// centred where possible.
    static func windowStart(focus: Int, visible: Int, count: Int) -> Int {
        guard count > visible, visible > 0 else { return 0 }
        return min(max(0, focus - visible / 2), count - visible)
    }

    /// Which axis labels to print so that none touches another (one blank column between): the focused one
    /// first, then the others left to right where they fit. Returns (index, label) pairs.
    static func axisLabels(_ labels: [(x: Int, text: String)], focus: Int?, maxX: Int) -> [(Int, (x: Int, text: String))] {
        var taken: [Range<Int>] = []
        var chosen: [(Int, (x: Int, text: String))] = []
        let order = (focus.map { [$0] } ?? []) + labels.indices.filter { $0 != focus }
        for i in order where labels.indices.contains(i) {
            let label = labels[i]
            let span = label.x..<(label.x + DisplayWidth.of(label.text))
            guard span.upperBound <= maxX else { continue }
            let padded = (span.lowerBound - 1)..<(span.upperBound + 1)
            if taken.contains(where: { $0.overlaps(padded) }) { continue }
            taken.append(span)
            chosen.append((i, label))
        }
        return chosen.sorted { $0.0 < $1.0 }
    }

    /// A compact number: 4 significant digits, fixed point below 1000.
    static func number(_ value: Float) -> String {
        let v = Double(value)
        if !v.isFinite { return nonFinite(v) }
        if abs(v) >= 1000 { return String(Int(v.rounded())) }
        if abs(v) >= 100 { return fixed(v, 1) }
        if abs(v) >= 10 { return fixed(v, 2) }
        return fixed(v, 3)
    }

    /// A number in at most `width` columns: as many decimals as fit (down to none).
    static func number(_ value: Float, width: Int) -> String {
        let v = Double(value)
        guard v.isFinite else { return nonFinite(v) }
        for digits in stride(from: 3, through: 0, by: -1) {
            let text = fixed(v, digits)
            if text.count <= width { return text }
        }
        return String(Int(v.rounded()))
    }

    /// `v` with `digits` decimals; `nan`, `inf` or `-inf` when it is not finite (never a made-up number).
    static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return nonFinite(v) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        let whole = Int(r / scale), frac = Int(r.truncatingRemainder(dividingBy: scale))
        let fracText = String(frac)
        let padded = String(repeating: "0", count: max(0, digits - fracText.count)) + fracText
        return (v < 0 && r > 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + padded : "")
    }

    static func nonFinite(_ v: Double) -> String { v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }

    /// `text` broken at spaces into lines of at most `width` columns; a word wider than that is cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ").map(String.init) {
            let fitted = DisplayWidth.of(word) > width ? DisplayWidth.truncate(word, to: width) : word
            if line.isEmpty {
                line = fitted
            } else if DisplayWidth.of(line) + 1 + DisplayWidth.of(fitted) <= width {
                line += " " + fitted
            } else {
                lines.append(line)
                line = fitted
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
