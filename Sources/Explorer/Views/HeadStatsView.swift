import Analysis
import TerminalUI

/// Head statistics of the current sentence (Clark et al. 2019) as a layers × heads grid for one statistic, with
/// the exact value of the focused head (the current layer and head) above it. `t` cycles the statistic; a click
/// selects a head, a second click opens its heatmap. `bert-explorer stats` computes the same over a corpus.
public struct HeadStatsView: ExplorerView {
    /// The statistic shown.
    public static let statistic = ViewStateKey("heads.statistic", default: HeadStatistic.entropy)
    static let labelWidth = 4

    let id = ViewID.heads
    let title = "Heads"
    let hidesSpecialTokens = false
    var keys: [KeyBinding] {
        [
            KeyBinding(.view(id), [.character("t")], keys: "t", action: "next head statistic (entropy, [CLS], [SEP], punctuation, self, previous, next, distance)",
                       hint: "t statistic") { s, _ in
                s.views[Self.statistic] = s.views[Self.statistic].following
                return .done
            },
        ]
    }

    /// Every statistic of every head, once per result.
    static func statistics(_ derived: DerivedMatrices, _ result: ForwardPass) -> HeadStatistics {
        derived.value("heads/statistics", for: result, cost: 8 * result.output.layers * result.output.heads) {
            HeadStatistics(result.output, roles: TokenRoles(tokens: result.encoding.tokens))
        }
    }

    func prepare(_ derived: DerivedMatrices, state: ExplorerState, result: ForwardPass) {
        _ = Self.statistics(derived, result)
    }

    func draw(_ c: inout DrawContext, rect: Rect, result: ForwardPass) {
        let s = c.state
        let layers = result.output.layers, heads = result.output.heads
        guard result.encoding.count > 0, layers > 0, heads > 0, rect.height >= 4 else { return }
        let statistic = s.views[Self.statistic]
        let statistics = Self.statistics(c.derived, result)
        let grid = statistics.grid(statistic).map { $0.map { $0.map(Float.init) ?? .nan } }
        let layer = min(s.layer, layers - 1)

        // The focused head's exact value; with all heads, the layer's mean over heads.
        let focused: Float, which: String
        if let head = s.head, head < heads {
            focused = grid[layer][head]
            which = "L\(layer + 1) H\(head + 1)"
        } else {
            focused = grid[layer].reduce(0, +) / Float(heads)
            which = "L\(layer + 1) mean of heads"
        }
        var x = c.screen.put("\(which) · \(statistic.meaning) = ", x: rect.x, y: rect.y, style: .bold, maxX: rect.maxX)
        x = c.screen.put(TextFit.number(focused), x: x, y: rect.y, foreground: c.theme.accent, style: .bold, maxX: rect.maxX)
        c.screen.put("  (t: next statistic)", x: x, y: rect.y, foreground: c.theme.muted, maxX: rect.maxX)

        let gridX = rect.x + Self.labelWidth
        let cell = max(2, min(7, (rect.maxX - gridX) / heads))
        let showValues = cell >= 5
        let mapping = ScaleMapping.fitted(s.scale, to: grid.joined())
        let labels = TextFit.axisLabels((0..<heads).map { (gridX + $0 * cell, "H\($0 + 1)") }, focus: s.head, maxX: rect.maxX)
        for (h, label) in labels {
            c.screen.put(label.text, x: label.x, y: rect.y + 1, foreground: s.head == h ? .default : c.theme.muted,
                         style: s.head == h ? DrawContext.highlight : [])
        }
        let visible = max(1, min(layers, rect.maxY - rect.y - 3))
        let first = TextFit.windowStart(focus: layer, visible: visible, count: layers)
        for l in first..<(first + visible) {
            let y = rect.y + 2 + (l - first)
            c.screen.put("L\(l + 1)", x: rect.x, y: y, foreground: l == layer ? .default : c.theme.muted,
                         style: l == layer ? DrawContext.highlight : [])
            for h in 0..<heads {
                let cx = gridX + h * cell
                guard cx + cell <= rect.maxX + 1 else { break }
                let value = grid[l][h], position = mapping.position(value)
                let isFocus = l == layer && (s.head == nil || s.head == h)
                c.palette.fill(&c.screen, x: cx, y: y, width: cell - 1, position: position, maxX: rect.maxX)
                if showValues || isFocus && cell >= 3 {
                    let text = (isFocus ? "◆" : "") + TextFit.number(value, width: cell - 1 - (isFocus ? 1 : 0))
                    let background = c.palette.hasColor ? c.palette.color(at: position) : .default
                    c.screen.put(TextFit.padLeft(text, to: cell - 1), x: cx, y: y, foreground: c.palette.textColor(on: position),
                                 background: background, style: isFocus ? .bold : [], maxX: rect.maxX)
                }
                c.regions.add(x: cx, y: y, width: cell, .thumbnail(layer: l, head: h))
            }
        }
        LegendView.draw(&c, x: rect.x, y: rect.y + 2 + visible, maxX: rect.maxX, mapping: mapping,
                        caption: "\(statistic.label) over \(result.encoding.count) tokens",
                        nonFinite: grid.joined().contains { !$0.isFinite })
    }
}

extension ViewID {
    public static let heads = ViewID("heads")
}
