import Analysis
import Encoder
import TerminalUI

/// bertviz's neuron view: for the selected query token and the focused key token in the current layer and head,
/// the query vector, the key vector and their element-wise product as rows of coloured cells (one per
/// dimension, on a scale centred on zero), the product's sum `q·k` (the score before scaling and softmax), the
/// scaled score and the attention weight it becomes, and the exact values of the focused dimension. The vectors
/// are captured with the forward pass, so drawing only reads them.
public struct NeuronView: ExplorerView {
    /// `, .`: the focused dimension of the head's vectors.
    public static let dimension = ViewStateKey("neuron.dimension", default: 0)

    let id = ViewID.neuron
    let title = "Neuron"
    let hidesSpecialTokens = false
    var keys: [KeyBinding] {
        [
            SharedKeys.focusKey(for: id),
            KeyBinding(.view(id), [.character(","), .character(".")], keys: ", .",
                       action: "previous / next dimension of the query and key vectors", hint: ", . dim") { s, e in
                guard let size = s.result.map({ $0.output.headSize }), size > 0 else {
                    return .refused(", .: no encoder result yet")
                }
                let current = min(s.views[Self.dimension], size - 1)
                s.views[Self.dimension] = min(max(0, current + (e == .character(",") ? -1 : 1)), size - 1)
                return .done
            },
        ]
    }

    func draw(_ c: inout DrawContext, rect: Rect, result: ForwardPass) {
        let s = c.state
        let output = result.output, tokens = result.encoding.tokens
        let n = tokens.count
        guard n > 0, rect.height >= 4 else { return }
        guard let head = s.head, head < output.heads else {
            c.screen.put("The Neuron view shows one head's query and key vectors: Tab picks a head.", x: rect.x + 2,
                         y: rect.y + 1, foreground: c.theme.muted, maxX: rect.maxX)
            return
        }
        guard !output.queries.isEmpty, !output.keys.isEmpty else {
            c.screen.put("This encoder result carries no query/key vectors.", x: rect.x + 2, y: rect.y + 1,
                         foreground: c.theme.muted, maxX: rect.maxX)
            return
        }
        let layer = min(s.layer, output.layers - 1)
        let q = min(s.selectedToken, n - 1), k = min(s.focusKey, n - 1)
        let product = QueryKeyProduct(query: Array(output.vector(output.queries, layer: layer, head: head, token: q)),
                                      key: Array(output.vector(output.keys, layer: layer, head: head, token: k)))
        let size = product.query.count
        let d = min(s.views[Self.dimension], size - 1)
        let weight = output.attention(layer: layer, head: head, query: q, key: k)

        // Line 1: the pair and where its score goes.
        var x = c.screen.put("L\(layer + 1) H\(head + 1) · \(q) \(DisplayWidth.truncate(tokens[q].text, to: 14)) → "
                             + "\(k) \(DisplayWidth.truncate(tokens[k].text, to: 14)) · q·k = ", x: rect.x, y: rect.y,
                             style: .bold, maxX: rect.maxX)
        x = c.screen.put(TextFit.fixed(Double(product.sum), 4), x: x, y: rect.y, foreground: c.theme.accent, style: .bold,
                         maxX: rect.maxX)
        x = c.screen.put(" · /√\(size) = \(TextFit.fixed(Double(product.scaledScore), 4)) · softmax → ", x: x, y: rect.y,
                         style: .bold, maxX: rect.maxX)
        c.screen.put(TextFit.fixed(Double(weight), 4), x: x, y: rect.y, foreground: c.theme.accent, style: .bold,
                     maxX: rect.maxX)
        // Line 2: the focused dimension's exact values.
        x = c.screen.put("dim \(d): q = \(TextFit.fixed(Double(product.query[d]), 4))  k = \(TextFit.fixed(Double(product.key[d]), 4))"
                         + "  q×k = \(TextFit.fixed(Double(product.products[d]), 4))", x: rect.x, y: rect.y + 1,
                         foreground: c.theme.accent, style: .bold, maxX: rect.maxX)
        c.screen.put("  (, . dimension · [ ] key · ←→ query)", x: x, y: rect.y + 1, foreground: c.theme.muted,
                     maxX: rect.maxX)

        // The vectors: rows of cells, wrapped when the head is wider than the screen.
        let labelWidth = 7
        let gridX = rect.x + labelWidth
        let cell = max(1, min(3, (rect.maxX - gridX) / size))
        let perLine = max(1, min(size, (rect.maxX - gridX) / cell))
        let lines = (size + perLine - 1) / perLine
        func symmetric(_ values: [Float]) -> ScaleMapping {
            let top = values.lazy.filter(\.isFinite).map(abs).max() ?? 1
            return ScaleMapping(scale: .linear, lower: -max(top, .leastNormalMagnitude), upper: max(top, .leastNormalMagnitude))
        }
        let vectorScale = symmetric(product.query + product.key), productScale = symmetric(product.products)
        let rows: [(String, [Float], ScaleMapping)] = [("query", product.query, vectorScale), ("key", product.key, vectorScale),
                                                       ("q×k", product.products, productScale)]
        var y = rect.y + 2
        for line in 0..<lines {
            let dims = (line * perLine)..<min(size, (line + 1) * perLine)
            guard y + rows.count < rect.maxY else { break }
            // Dimension axis: an index every 8 dimensions, and the focused one.
            let marked = dims.filter { $0 % 8 == 0 || $0 == d }
            let labels = TextFit.axisLabels(marked.map { (gridX + ($0 - dims.lowerBound) * cell, String($0)) },
                                            focus: marked.firstIndex(of: d), maxX: rect.maxX)
            for (i, label) in labels {
                c.screen.put(label.text, x: label.x, y: y, foreground: marked[i] == d ? .default : c.theme.muted,
                             style: marked[i] == d ? DrawContext.highlight : [], maxX: rect.maxX)
            }
            y += 1
            for (name, values, mapping) in rows {
                c.screen.put(TextFit.padLeft(name, to: labelWidth - 1), x: rect.x, y: y, style: .bold)
                for i in dims {
                    let cx = gridX + (i - dims.lowerBound) * cell
                    let p = mapping.position(values[i])
                    if c.palette.hasColor {
                        c.palette.fill(&c.screen, x: cx, y: y, width: cell, position: p, maxX: rect.maxX)
                    } else {
                        // Without colour: the shade says how large, a minus sign that it is negative.
                        let shade = String(HeatPalette.shade(at: abs(p - 0.5) * 2))
                        let glyph = values[i] < 0 && cell >= 2 ? "-" + String(repeating: shade, count: cell - 1)
                            : String(repeating: shade, count: cell)
                        c.screen.put(glyph, x: cx, y: y, maxX: rect.maxX)
                    }
                    if i == d {
                        c.screen.put("◆", x: cx, y: y, foreground: c.palette.textColor(on: p),
                                     background: c.palette.hasColor ? c.palette.color(at: p) : .default, style: .bold,
                                     maxX: rect.maxX)
                    }
                }
                y += 1
            }
        }
        guard y + 1 < rect.maxY else { return }
        // Without colour the shade is the magnitude (and `-` the sign), which the legend's ramp cannot say.
        let shades = c.palette.hasColor ? "" : " (shade: |value|, - negative)"
        LegendView.draw(&c, x: rect.x, y: y, maxX: rect.maxX, mapping: vectorScale, caption: "query, key" + shades,
                        nonFinite: false)
        LegendView.draw(&c, x: rect.x, y: y + 1, maxX: rect.maxX, mapping: productScale,
                        caption: "q×k, summing to q·k = \(TextFit.fixed(Double(product.sum), 4))", nonFinite: false)
    }
}

extension ViewID {
    public static let neuron = ViewID("neuron")
}
