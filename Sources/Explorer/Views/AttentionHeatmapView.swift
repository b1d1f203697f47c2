import Analysis
import TerminalUI
import WordPiece

/// Query × key heatmap of the current layer and head (or all heads): query labels down the left, key indices
/// across the top, the focused cell's exact value above, the legend below. Cells are two columns wide when the
/// keys fit, else one; rows and columns scroll to keep the selected query and focused key in view.
struct AttentionHeatmapView {
    static func draw(_ c: inout DrawContext, rect: Rect, result: EncodedSentence) {
        let s = c.state
        let tokens = result.encoding.tokens
        let n = tokens.count
        guard n > 0, rect.height >= 4 else { return }
        let m = s.rollout
            ? AttentionSource.rollout(result.output, tokens: tokens, layer: s.layer, aggregation: s.aggregation,
                                      hideSpecial: s.hideSpecial)
            : AttentionSource.matrix(result.output, tokens: tokens, layer: s.layer, head: s.head,
                                     aggregation: s.aggregation, hideSpecial: s.hideSpecial)
        let mapping = ScaleMapping.fitted(s.scale, to: m.values)
        let query = min(s.selectedToken, n - 1), key = min(s.focusKey, n - 1)

        // Line 1: the focused cell.
        let value = m[query, key]
        let info = "\(query) \(DisplayWidth.truncate(tokens[query].text, to: 16)) → \(key) \(DisplayWidth.truncate(tokens[key].text, to: 16))"
        var x = c.screen.put(info, x: rect.x, y: rect.y, style: .bold, maxX: rect.maxX)
        x = c.screen.put("  = \(TextFit.fixed(Double(value), 4))", x: x, y: rect.y, foreground: c.theme.accent,
                         style: .bold, maxX: rect.maxX)
        c.screen.put("  (query row → key column)", x: x, y: rect.y, foreground: c.theme.muted, maxX: rect.maxX)

        let labelWidth = min(12, max(4, tokens.map { DisplayWidth.of($0.text) }.max() ?? 4)) + 1
        let gridX = rect.x + labelWidth
        let gridWidth = rect.maxX - gridX
        let cell = n * 2 <= gridWidth ? 2 : 1
        let visibleKeys = min(n, gridWidth / cell)
        // When the rows leave room, key labels run down the columns (one character per row) under the axis.
        let labelRows = cell == 2 ? min(4, max(0, rect.height - 3 - n)) : 0
        let visibleRows = min(n, rect.height - 3 - labelRows)
        guard visibleKeys > 0, visibleRows > 0 else { return }
        let keyStart = TextFit.windowStart(focus: key, visible: visibleKeys, count: n)
        let rowStart = TextFit.windowStart(focus: query, visible: visibleRows, count: n)

        // Line 2: key axis, an index every 5 keys, the focused key reversed.
        let axisY = rect.y + 1
        for k in keyStart..<(keyStart + visibleKeys) where k % 5 == 0 || k == key {
            let kx = gridX + (k - keyStart) * cell
            c.screen.put(String(k), x: kx, y: axisY, foreground: k == key ? .default : c.theme.muted,
                         style: k == key ? DrawContext.highlight : [], maxX: rect.maxX)
        }

        for k in keyStart..<(keyStart + visibleKeys) where labelRows > 0 {
            let kx = gridX + (k - keyStart) * cell
            let text = tokens[k].text
            let glyphs = Array(text.hasPrefix("##") && text.count > 2 ? text.dropFirst(2) : Substring(text))
            for (i, g) in glyphs.prefix(labelRows).enumerated() {
                c.screen.put(String(g), x: kx, y: axisY + 1 + i, foreground: k == key ? .default : c.theme.muted,
                             style: k == key ? .bold : [], maxX: rect.maxX)
            }
            c.regions.add(x: kx, y: axisY + 1, width: cell, height: labelRows, .cell(query: query, key: k))
        }
        let gridY = rect.y + 2 + labelRows
        for r in 0..<visibleRows {
            let q = rowStart + r
            let y = gridY + r
            let label = TextFit.padLeft(tokens[q].text, to: labelWidth - 1)
            c.screen.put(label, x: rect.x, y: y, foreground: tokens[q].isSpecial ? c.theme.special : .default,
                         style: q == query ? DrawContext.highlight : [])
            c.regions.add(x: rect.x, y: y, width: labelWidth, .token(q))
            for k in keyStart..<(keyStart + visibleKeys) {
                let kx = gridX + (k - keyStart) * cell
                let p = mapping.position(m[q, k])
                c.palette.fill(&c.screen, x: kx, y: y, width: cell, position: p, maxX: rect.maxX)
                if q == query && k == key {
                    let mark = cell == 2 ? "◆ " : "◆"
                    if c.palette.hasColor {
                        c.screen.put(mark, x: kx, y: y, foreground: c.palette.textColor(on: p),
                                     background: c.palette.color(at: p), style: .bold, maxX: rect.maxX)
                    } else {
                        c.screen.put(cell == 2 ? "[]" : "◆", x: kx, y: y, style: .bold, maxX: rect.maxX)
                    }
                }
            }
            c.regions.addCells(x: gridX, y: y, cellWidth: cell, count: visibleKeys, query: q, firstKey: keyStart)
        }
        var caption = s.head == nil ? "\(s.aggregation.rawValue) of \(s.model.heads) heads" : "head \(s.head! + 1)"
        if s.rollout { caption = "rollout L1–L\(s.layer + 1), \(s.aggregation.rawValue) of heads" }
        LegendView.draw(&c, x: rect.x, y: gridY + visibleRows, maxX: rect.maxX, mapping: mapping, caption: caption)
    }
}
