import Analysis
import TerminalUI
import WordPiece

/// The selected token's attention to every token (or, with `d`, every token's attention to it) in the current
/// layer: one small bar chart per head side by side, then all heads combined (mean or max, as `a` sets it) as a
/// long bar with its value. Rows are tokens; all heads share one scale so bars compare across heads.
public struct TokenBarsView: ExplorerView {
    /// `d`: attention given by the selected token, or received by it.
    public static let direction = ViewStateKey("token.direction", default: AttentionDirection.given)

    let id = ViewID.token
    let title = "Token"
    let hidesSpecialTokens = true
    let mergesWords = true
    var keys: [KeyBinding] {
        [
            KeyBinding(.view(id), [.character("d")], keys: "d", action: "attention given / received",
                       hint: "d given/recv") { s, _ in
                s.views[Self.direction] = s.views[Self.direction].toggled
                return .done
            },
        ] + SharedKeys.attention(for: id)
    }

    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// A horizontal bar `fraction` of `width` columns long, in eighth blocks.
    static func bar(_ fraction: Double, width: Int) -> String {
        let units = Int((min(1, max(0, fraction.isFinite ? fraction : 0)) * Double(width * 8)).rounded())
        var out = String(repeating: "█", count: units / 8)
        if units % 8 > 0 { out.append(eighths[units % 8 - 1]) }
        return out + String(repeating: " ", count: max(0, width - DisplayWidth.of(out)))
    }

    func prepare(_ derived: DerivedMatrices, state: ExplorerState, result: ForwardPass) {
        for h in 0..<result.output.heads { _ = derived.shown(result, state, layer: state.layer, head: h) }
        _ = derived.shown(result, state, layer: state.layer, head: nil)
    }

    func draw(_ c: inout DrawContext, rect: Rect, result: ForwardPass) {
        let s = c.state
        let axis = c.derived.axis(result, s)
        let n = axis.count
        guard n > 0, rect.height >= 4 else { return }
        let t = min(axis.index(ofToken: s.selectedToken), n - 1)
        let heads = result.output.heads
        let direction = s.views[Self.direction]
        let perHead = (0..<heads).map { h in
            c.derived.shown(result, s, layer: s.layer, head: h).attention(of: t, direction)
        }
        // All heads combined exactly as the attention view combines them (mean or max, then hiding).
        let mean = c.derived.shown(result, s, layer: s.layer, head: nil).attention(of: t, direction)
        let combined = s.aggregation.rawValue
        let mapping = ScaleMapping.fitted(s.scale, to: perHead.joined())
        let meanMapping = ScaleMapping.fitted(s.scale, to: mean)
        let names = axis.labels
        let norms = AttentionModes.showsNorms(s, result)

        let verb = direction == .given ? "attends to each token" : "is attended by each token"
        var x = c.screen.put("\(t) \(DisplayWidth.truncate(names[t], to: 16))", x: rect.x, y: rect.y, style: DrawContext.highlight)
        x = c.screen.put(" \(verb) · layer \(s.layer + 1)", x: x, y: rect.y, style: .bold, maxX: rect.maxX)
        c.screen.put("  (d: \(direction.toggled.rawValue))", x: x, y: rect.y, foreground: c.theme.muted, maxX: rect.maxX)

        let labelWidth = axis.labelWidth
        let valueWidth = 6
        let available = rect.width - labelWidth - valueWidth - 1
        let headWidth = min(10, max(1, available * 3 / 5 / max(1, heads)))
        let headsX = rect.x + labelWidth
        let meanX = headsX + heads * headWidth + 1
        let meanWidth = max(4, rect.maxX - meanX - valueWidth - 1)

        let axisY = rect.y + 1
        let labels = TextFit.axisLabels((0..<heads).map { (headsX + $0 * headWidth, String($0 + 1)) },
                                        focus: s.head, maxX: meanX - 1)
        for (h, label) in labels {
            let selected = s.head == h
            c.screen.put(label.text, x: label.x, y: axisY, foreground: selected ? .default : c.theme.muted,
                         style: selected ? DrawContext.highlight : [], maxX: meanX)
        }
        c.screen.put(combined, x: meanX, y: axisY, foreground: s.head == nil ? .default : c.theme.muted,
                     style: s.head == nil ? DrawContext.highlight : [], maxX: rect.maxX)

        let visibleRows = min(n, rect.height - 3)
        let focus = min(axis.index(ofToken: s.focusKey), n - 1)
        let rowStart = TextFit.windowStart(focus: focus, visible: visibleRows, count: n)
        for r in 0..<visibleRows {
            let k = rowStart + r
            let y = rect.y + 2 + r
            c.screen.put(TextFit.padLeft(names[k], to: labelWidth - 1), x: rect.x, y: y,
                         foreground: axis.special[k] ? c.theme.special : .default,
                         style: k == focus ? DrawContext.highlight : (k == t ? .underline : []))
            c.regions.add(x: rect.x, y: y, width: rect.width, .cell(query: axis.token(at: t), key: axis.token(at: k)))
            for h in 0..<heads {
                let p = mapping.position(perHead[h][k])
                c.screen.put(Self.bar(p, width: headWidth - (headWidth > 1 ? 1 : 0)), x: headsX + h * headWidth, y: y,
                             foreground: c.palette.hasColor ? c.palette.color(at: max(0.15, p)) : .default, maxX: meanX)
            }
            let mp = meanMapping.position(mean[k])
            c.screen.put(Self.bar(mp, width: meanWidth), x: meanX, y: y,
                         foreground: c.palette.hasColor ? c.palette.color(at: max(0.15, mp)) : .default)
            c.screen.put(TextFit.padLeft(TextFit.fixed(Double(mean[k]), 3), to: valueWidth), x: meanX + meanWidth, y: y,
                         foreground: k == focus ? .default : c.theme.muted, style: k == focus ? .bold : [])
        }
        let focusValue = s.head.map { perHead[$0][focus] } ?? mean[focus]
        let which = s.head.map { "head \($0 + 1)" } ?? combined
        let modes = AttentionModes.labels(s).filter { $0 != AttentionModes.normLabel }
        LegendView.draw(&c, x: rect.x, y: rect.y + 2 + visibleRows, maxX: rect.maxX, mapping: mapping,
                        caption: "\(which) → \(DisplayWidth.truncate(names[focus], to: 12)) "
                            + "\(norms ? AttentionModes.normLabel + " " : "")= \(TextFit.fixed(Double(focusValue), 4))"
                            + modes.map { " · " + $0 }.joined(),
                        nonFinite: (perHead.joined() + mean).contains { !$0.isFinite })
    }
}

extension ViewID {
    public static let token = ViewID("token")
}
