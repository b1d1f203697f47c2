import TerminalUI

/// The line above the view: the view tabs (clickable), layer, head and scale.
struct TabBarView {
    static func draw(_ c: inout DrawContext, row: Int) {
        let s = c.state
        let head = s.head.map { "head \($0 + 1)/\(s.model.heads)" } ?? "\(s.aggregation.rawValue) of heads"
        let rollout = s.view == .attention && s.views[AttentionHeatmapView.rollout]
        var info = "layer \(s.layer + 1)/\(s.model.layers) · \(head) · \(s.scale.rawValue)"
        if rollout { info = "rollout ≤ layer \(s.layer + 1) · \(s.scale.rawValue)" }
        let hiding = s.hideSpecial && ViewRegistry.view(s.view).hidesSpecialTokens
        if hiding { info += " · no CLS/SEP" }
        let modes = AttentionModes.labels(s)
        info += modes.map { " · " + $0 }.joined()
        let shortHead = s.head.map { "H\($0 + 1)" } ?? "H \(s.aggregation.rawValue)"
        var short = rollout ? "rollout ≤L\(s.layer + 1)" : "L\(s.layer + 1)/\(s.model.layers) \(shortHead)"
        short += " \(s.scale.rawValue)" + (hiding ? " −CLS/SEP" : "") + modes.map { " " + $0 }.joined()
        // Full tab titles while they leave room for the short info; else the other tabs shrink to three letters.
        func label(_ i: Int, _ view: any ExplorerView, compact: Bool) -> String {
            "\(i + 1) " + (compact && view.id != s.view ? String(view.title.prefix(3)) : view.title)
        }
        let fullWidth = ViewRegistry.views.enumerated().reduce(0) { $0 + DisplayWidth.of(label($1.offset, $1.element, compact: false)) + 1 }
        let compact = fullWidth + DisplayWidth.of(short) + 1 > c.screen.width
        var x = 0
        for (i, view) in ViewRegistry.views.enumerated() {
            let active = view.id == s.view
            let next = c.screen.put(label(i, view, compact: compact), x: x, y: row, foreground: active ? .default : c.theme.muted,
                                    style: active ? DrawContext.highlight : [])
            c.regions.add(x: x, y: row, width: next - x, .view(view.id))
            x = next + 1
        }
        if x + 1 + DisplayWidth.of(info) >= c.screen.width { info = short }
        let ix = max(x + 1, c.screen.width - DisplayWidth.of(info) - 1)
        c.screen.put(info, x: ix, y: row, foreground: c.theme.accent, style: .bold)
    }
}
