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
    let mergesWords = true
    var keys: [KeyBinding] {
        [
            KeyBinding(.view(id), [.key(.enter)], keys: "Enter", action: "open the selected head's heatmap") { s, _ in
                s.view = .attention
                return .done
            },
            SharedKeys.hideSpecial(for: id),
            AttentionModes.normsKey(for: id),
            AttentionModes.wordsKey(for: id),
        ]
    }

    /// Thumbnail size for a body of `rect` and `n` rows and columns: (pixels across, text rows).
    static func thumbnailSize(_ rect: Rect, count n: Int, layers: Int, heads: Int) -> (width: Int, rows: Int) {
        // One pixel per token at most; no wider than twice the pixel height (a half block is about square).
        let rows = max(1, min((n + 1) / 2, (rect.height - 3) / layers - 1))
        return (max(1, min(n, 4 * rows + 1, (rect.width - 4) / heads - 1)), rows)
    }

    /// One head's thumbnail pixels (block means), once per result and settings.
    static func pixels(_ derived: DerivedMatrices, _ s: ExplorerState, _ result: ForwardPass, axis: AttentionAxis,
                       layer l: Int, head h: Int, size: (Int, Int)) -> [Float] {
        let n = axis.count, hide = s.hideSpecial
        let norms = AttentionModes.showsNorms(s, result), words = axis.grouping != nil
        return derived.value("overview/\(l)/\(h)/\(hide)/\(norms)/\(words)/\(size.0)x\(size.1)", for: result,
                             cost: size.0 * size.1) { () -> [Float] in
            if hide || norms || words {
                let m = derived.make(result, s, layer: l, head: h, axis: axis)
                return m.values.withUnsafeBufferPointer {
                    Self.downsample($0, offset: 0, size: n, width: size.0, height: size.1)
                }
            }
            return result.output.attentions[l].withUnsafeBufferPointer {
                Self.downsample($0, offset: h * n * n, size: n, width: size.0, height: size.1)
            }
        }
    }

    func prepare(_ derived: DerivedMatrices, state s: ExplorerState, result: ForwardPass) {
        let axis = derived.axis(result, s)
        let layers = result.output.layers, heads = result.output.heads
        guard axis.count > 0, layers > 0, heads > 0 else { return }
        let size = Self.thumbnailSize(ExplorerRenderer.body(s), count: axis.count, layers: layers, heads: heads)
        for l in 0..<layers {
            for h in 0..<heads {
                _ = Self.pixels(derived, s, result, axis: axis, layer: l, head: h, size: (size.width, 2 * size.rows))
            }
        }
    }

    func draw(_ c: inout DrawContext, rect: Rect, result: ForwardPass) {
        let s = c.state
        let axis = c.derived.axis(result, s)
        let n = axis.count
        let layers = result.output.layers, heads = result.output.heads
        guard n > 0, layers > 0, heads > 0, rect.height >= 4 else { return }
        let norms = AttentionModes.showsNorms(s, result)
        var x = rect.x
        if let head = s.head, s.layer < layers, norms || axis.grouping != nil {
            // The exact value of the focused cell of the framed head, as the Attention view shows it (with a mode
            // on, whose values the thumbnails' own scales do not tell).
            let m = c.derived.shown(result, s, layer: s.layer, head: head, filtered: false)
            let q = min(axis.index(ofToken: s.selectedToken), n - 1), k = min(axis.index(ofToken: s.focusKey), n - 1)
            let cell = "L\(s.layer + 1) H\(head + 1) \(q) \(DisplayWidth.truncate(axis.labels[q], to: 12)) → \(k) "
                + "\(DisplayWidth.truncate(axis.labels[k], to: 12)) \(norms ? AttentionModes.normLabel + " " : "")= "
            x = c.screen.put(cell, x: x, y: rect.y, style: .bold, maxX: rect.maxX)
            x = c.screen.put(TextFit.fixed(Double(m[q, k]), 4) + " · ", x: x, y: rect.y, foreground: c.theme.accent,
                             style: .bold, maxX: rect.maxX)
        }
        let what = (norms ? AttentionModes.normLabel + ", " : "") + (axis.grouping != nil ? "words, " : "")
        c.screen.put("layer × head, \(what)each scaled to its own max · Tab ↑↓ or click picks · Enter opens",
                     x: x, y: rect.y, foreground: c.theme.muted, maxX: rect.maxX)
        let labelWidth = 4
        let (thumbWidth, thumbRows) = Self.thumbnailSize(rect, count: n, layers: layers, heads: heads)
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
                let pixels = Self.pixels(c.derived, s, result, axis: axis, layer: l, head: h,
                                         size: (thumbWidth, 2 * thumbRows))
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
