import Analysis
import Encoder
import TerminalUI

/// Every layer × head as a thumbnail of its attention matrix, drawn with half blocks (`▀`, foreground = upper
/// pixel, background = lower pixel) so each text row holds two pixel rows. Each thumbnail is scaled to its own
/// maximum so patterns show; the current head (or, with all heads, the current layer) is framed. Click a thumbnail to select it, click it
/// again (or press Enter) to open its heatmap.
public struct ModelOverviewView: ExplorerView {
    let id = ViewID.overview
    let title = "Overview"
    let hidesSpecialTokens = true
    var keys: [KeyBinding] {
        [
            KeyBinding(.view(id), [.key(.enter)], keys: "Enter", action: "open the selected head's heatmap") { s, _ in
                s.view = .attention
                return .done
            },
            SharedKeys.hideSpecial(for: id),
        ]
    }

    func draw(_ c: inout DrawContext, rect: Rect, result: ForwardPass) {
        let s = c.state
        let tokens = result.encoding.tokens
        let n = tokens.count
        let layers = result.output.layers, heads = result.output.heads
        guard n > 0, layers > 0, heads > 0, rect.height >= 4 else { return }
        c.screen.put("layer × head, each scaled to its own max · Tab ↑↓ or click picks · Enter opens",
                     x: rect.x, y: rect.y, foreground: c.theme.muted, maxX: rect.maxX)
        let labelWidth = 4
        // One pixel per token at most; no wider than twice the pixel height (a half block is about square).
        let thumbRows = max(1, min((n + 1) / 2, (rect.height - 3) / layers - 1))
        let thumbWidth = max(1, min(n, 4 * thumbRows + 1, (rect.width - labelWidth) / heads - 1))
        let pitchX = thumbWidth + 1, pitchY = thumbRows + 1
        let gridX = rect.x + labelWidth, gridY = rect.y + 3
        let labels = TextFit.axisLabels((0..<heads).map { (gridX + $0 * pitchX, String($0 + 1)) }, focus: s.head,
                                        maxX: rect.maxX)
        for (h, label) in labels {
            c.screen.put(label.text, x: label.x, y: rect.y + 1,
                         foreground: s.head == h ? .default : c.theme.muted, style: s.head == h ? .bold : [])
        }
        // The layers that fit, scrolled so the current one is among them.
        let visibleLayers = max(1, min(layers, (rect.maxY - gridY + 1) / pitchY))
        let firstLayer = TextFit.windowStart(focus: s.layer, visible: visibleLayers, count: layers)
        for l in firstLayer..<(firstLayer + visibleLayers) {
            let y0 = gridY + (l - firstLayer) * pitchY
            guard y0 + thumbRows <= rect.maxY else { break }
            c.screen.put("L\(l + 1)", x: rect.x, y: y0, foreground: l == s.layer ? .default : c.theme.muted,
                         style: l == s.layer ? DrawContext.highlight : [])
            for h in 0..<heads {
                let x0 = gridX + h * pitchX
                let hide = s.hideSpecial, size = (thumbWidth, 2 * thumbRows)
                let pixels = c.derived.value("overview/\(l)/\(h)/\(hide)/\(size.0)x\(size.1)", for: result,
                                             cost: size.0 * size.1) { () -> [Float] in
                    if hide {
                        let m = AttentionMatrix(result.output, layer: l, head: h).hiding(tokens.map(\.isSpecial))
                        return m.values.withUnsafeBufferPointer {
                            Self.downsample($0, offset: 0, size: n, width: size.0, height: size.1)
                        }
                    }
                    return result.output.attentions[l].withUnsafeBufferPointer {
                        Self.downsample($0, offset: h * n * n, size: n, width: size.0, height: size.1)
                    }
                }
                Self.drawThumbnail(&c, pixels, x: x0, y: y0, width: thumbWidth, rows: thumbRows)
                c.regions.add(x: x0, y: y0, width: thumbWidth, height: thumbRows, .thumbnail(layer: l, head: h))
            }
        }
        // Frame the current head, or with all heads selected the current layer's whole row.
        if s.layer < layers {
            let frame = Frame(foreground: c.theme.accent, style: .bold)
            let y = gridY + (s.layer - firstLayer) * pitchY - 1
            if let h = s.head {
                frame.draw(in: &c.screen, x: gridX + h * pitchX - 1, y: y, width: thumbWidth + 2, height: thumbRows + 2)
            } else {
                frame.draw(in: &c.screen, x: gridX - 1, y: y, width: heads * pitchX + 1, height: thumbRows + 2)
            }
        }
    }

    /// Block means of the `size` × `size` matrix at `offset` on a `width` × `height` pixel grid (blocks repeat
    /// when the matrix is smaller than the grid).
    static func downsample(_ values: UnsafeBufferPointer<Float>, offset: Int, size n: Int, width: Int, height: Int) -> [Float] {
        var pixels = [Float](repeating: 0, count: width * height)
        let columns = (0..<width).map { px in (px * n / width)..<min(n, max(px * n / width + 1, (px + 1) * n / width)) }
        for py in 0..<height {
            let q0 = py * n / height, q1 = min(n, max(q0 + 1, (py + 1) * n / height))
            for (px, keys) in columns.enumerated() {
                var sum: Float = 0
                for q in q0..<q1 {
                    let row = offset + q * n
                    for k in keys { sum += values[row + k] }
                }
                pixels[py * width + px] = sum / Float((q1 - q0) * keys.count)
            }
        }
        return pixels
    }

    /// Draws `width` × `2 rows` pixels as half blocks, scaled to their maximum.
    static func drawThumbnail(_ c: inout DrawContext, _ pixels: [Float], x: Int, y: Int, width: Int, rows: Int) {
        let mapping = ScaleMapping(scale: c.state.scale, lower: 0, upper: pixels.max() ?? 1)
        for r in 0..<rows {
            for px in 0..<width {
                let upper = mapping.position(pixels[(2 * r) * width + px])
                let lower = mapping.position(pixels[(2 * r + 1) * width + px])
                if c.palette.hasColor {
                    c.screen.put("▀", x: x + px, y: y + r, foreground: c.palette.color(at: upper),
                                 background: c.palette.color(at: lower))
                } else {
                    c.screen.put(String(HeatPalette.shade(at: (upper + lower) / 2)), x: x + px, y: y + r)
                }
            }
        }
    }
}

extension ViewID {
    public static let overview = ViewID("overview")
}
