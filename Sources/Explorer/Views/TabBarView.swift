import TerminalUI

/// The line above the view: the view tabs (clickable), layer, head and scale.
struct TabBarView {
    static func draw(_ c: inout DrawContext, row: Int) {
        let s = c.state
        var x = 0
        for (i, view) in ViewRegistry.views.enumerated() {
            let label = "\(i + 1) \(view.title)"
            let active = view.id == s.view
            let next = c.screen.put(label, x: x, y: row, foreground: active ? .default : c.theme.muted,
                                    style: active ? DrawContext.highlight : [])
            c.regions.add(x: x, y: row, width: next - x, .view(view.id))
            x = next + 1
        }
        let head = s.head.map { "head \($0 + 1)/\(s.model.heads)" } ?? "\(s.aggregation.rawValue) of heads"
        var info = "layer \(s.layer + 1)/\(s.model.layers) · \(head) · \(s.scale.rawValue)"
        if s.view == .attention && s.views[AttentionHeatmapView.rollout] { info = "rollout ≤ layer \(s.layer + 1) · \(s.scale.rawValue)" }
        let hiding = s.hideSpecial && ViewRegistry.view(s.view).hidesSpecialTokens
        if hiding { info += " · no CLS/SEP" }
        if x + 1 + DisplayWidth.of(info) >= c.screen.width {
            let shortHead = s.head.map { "H\($0 + 1)" } ?? "H \(s.aggregation.rawValue)"
            info = s.view == .attention && s.views[AttentionHeatmapView.rollout] ? "rollout ≤L\(s.layer + 1)" : "L\(s.layer + 1)/\(s.model.layers) \(shortHead)"
            info += " \(s.scale.rawValue)" + (hiding ? " −CLS/SEP" : "")
        }
        let ix = max(x + 1, c.screen.width - DisplayWidth.of(info) - 1)
        c.screen.put(info, x: ix, y: row, foreground: c.theme.accent, style: .bold)
    }
}
