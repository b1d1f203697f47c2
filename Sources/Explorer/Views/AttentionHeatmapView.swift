import Analysis
import TerminalUI
import WordPiece

/// Query × key heatmap of the current layer and head (or all heads): query labels down the left, keys across
/// the top, the focused cell's exact value above, the legend below. Cells widen with the space (up to
/// `maxCell` columns); from `numberCell` columns on, each cell prints its value and the key axis prints token
/// labels, else the axis shows key indices (and vertical labels when rows allow). Rows and columns scroll to
/// keep the selected query and focused key in view.
public struct AttentionHeatmapView: ExplorerView {
    /// `r`: attention rollout up to the current layer instead of the layer's own attention.
    public static let rollout = ViewStateKey("attention.rollout", default: false)

    let id = ViewID.attention
    let title = "Attention"
    let hidesSpecialTokens = true
    let mergesWords = true
    var keys: [KeyBinding] {
        [
            KeyBinding(.view(id), [.character("r")], keys: "r", action: "attention rollout up to this layer (all heads)",
                       hint: "r rollout") { s, _ in
                if !s.views[Self.rollout], s.views[AttentionModes.normBased] {
                    return .refused("r: rollout composes attention weights; n turns norm-based attention off first")
                }
                s.views[Self.rollout].toggle()
                return .done
            },
            // Rollout combines every head, so Tab leaves it for the head it picks (and says so).
            KeyBinding(.view(id), [.key(.tab), .key(.backTab)], keys: "Tab, Shift-Tab",
                       action: "next / previous head (leaves rollout: it is not defined per head)") { s, e in
                s.stepHead(by: e == .key(.tab) ? 1 : -1)
                if s.views[Self.rollout] {
                    s.views[Self.rollout] = false
                    let which = s.head.map { "head \($0 + 1)" } ?? "all heads"
                    s.statusMessage = "rollout is not defined per head: rollout off, showing \(which)"
                }
                return .done
            },
        ] + SharedKeys.attention(for: id)
    }
    /// A matrix's legend range and whether it holds NaN or infinity.
    struct Fit: Sendable {
        var mapping: ScaleMapping
        var nonFinite: Bool
    }

    /// The widest cell: enough for a two-decimal value and a gap.
    static let maxCell = 6
    /// The narrowest cell that prints its value and a horizontal key label.
    static let numberCell = 4

    /// Columns per cell for `count` keys in `gridWidth` columns: as wide as fits (up to `maxCell`), else 2,
    /// else 1 (and the keys scroll).
    static func cellWidth(keys count: Int, gridWidth: Int) -> Int {
        guard count > 0 else { return 1 }
        let fit = gridWidth / count
        return fit >= 2 ? min(maxCell, fit) : 1
    }

    /// A cell's value in `width` columns, for values in 0...1: `.34`, `1.0`, `.00`; empty for exactly 0
    /// (a hidden special token). Other values fall back to the general compact form.
    static func cellText(_ value: Float, width: Int) -> String {
        let v = Double(value)
        guard v != 0 else { return "" }
        guard v.isFinite, v > 0, v < 1.0005 else { return TextFit.number(value, width: width) }
        let digits = max(1, min(2, width - 1))
        let text = TextFit.fixed(v, digits)
        return text.hasPrefix("0.") ? String(text.dropFirst()) : TextFit.fixed(v, digits - 1)
    }

    /// A token label cut (without an ellipsis) to `width` columns; a cut `##` piece keeps one `#`.
    static func keyLabel(_ text: String, width: Int) -> String {
        var source = Substring(text)
        if DisplayWidth.of(text) > width, text.hasPrefix("##"), text.count > 2 { source = source.dropFirst() }
        var result = "", used = 0
        for character in source {
            let w = DisplayWidth.of(character)
            if used + w > width { break }
            result.append(character)
            used += w
        }
        return result
    }

    /// The matrix on screen and its legend fit, computed once per result and settings.
    static func matrix(_ derived: DerivedMatrices, _ s: ExplorerState, _ result: ForwardPass) -> (AttentionMatrix, Fit) {
        let rollout = s.views[Self.rollout]
        let m = rollout ? derived.shownRollout(result, s) : derived.shown(result, s, layer: s.layer, head: s.head)
        // The legend's range and whether any value is not finite: O(n²), so once per matrix and scale.
        let modes = AttentionModes.labels(s).joined(separator: ",")
        let fit = derived.value("fit/\(rollout)/\(s.layer)/\(s.head.map(String.init) ?? s.aggregation.rawValue)/"
                                + "\(s.hideSpecial)/\(s.scale)/\(modes)", for: result, cost: 1) {
            Fit(mapping: ScaleMapping.fitted(s.scale, to: m.values), nonFinite: m.values.contains { !$0.isFinite })
        }
        return (m, fit)
    }

    func prepare(_ derived: DerivedMatrices, state: ExplorerState, result: ForwardPass) {
        _ = Self.matrix(derived, state, result)
    }

    func draw(_ c: inout DrawContext, rect: Rect, result: ForwardPass) {
        let s = c.state
        let axis = c.derived.axis(result, s)
        let names = axis.labels, special = axis.special
        let n = axis.count
        guard n > 0, rect.height >= 4 else { return }
        let rollout = s.views[Self.rollout]
        let (m, fit) = Self.matrix(c.derived, s, result)
        let mapping = fit.mapping
        let query = min(axis.index(ofToken: s.selectedToken), n - 1), key = min(axis.index(ofToken: s.focusKey), n - 1)
        let norms = !rollout && AttentionModes.showsNorms(s, result)

        // Line 1: the focused cell.
        let value = m[query, key]
        let info = "\(query) \(DisplayWidth.truncate(names[query], to: 16)) → \(key) \(DisplayWidth.truncate(names[key], to: 16))"
        var x = c.screen.put(info, x: rect.x, y: rect.y, style: .bold, maxX: rect.maxX)
        x = c.screen.put("  \(norms ? AttentionModes.normLabel + " " : "")= \(TextFit.fixed(Double(value), 4))", x: x,
                         y: rect.y, foreground: c.theme.accent, style: .bold, maxX: rect.maxX)
        c.screen.put("  (query row → key column)", x: x, y: rect.y, foreground: c.theme.muted, maxX: rect.maxX)

        let labelWidth = axis.labelWidth
        let gridX = rect.x + labelWidth
        let gridWidth = rect.maxX - gridX
        let cell = Self.cellWidth(keys: n, gridWidth: gridWidth)
        let wide = cell >= Self.numberCell
        let visibleKeys = min(n, gridWidth / cell)
        // Narrow cells: when the rows leave room, key labels run down the columns (one character per row).
        let labelRows = cell >= 2 && !wide ? min(4, max(0, rect.height - 3 - n)) : 0
        let visibleRows = min(n, rect.height - 3 - labelRows)
        guard visibleKeys > 0, visibleRows > 0 else { return }
        let keyStart = TextFit.windowStart(focus: key, visible: visibleKeys, count: n)
        let rowStart = TextFit.windowStart(focus: query, visible: visibleRows, count: n)
        let keys = keyStart..<(keyStart + visibleKeys)
        let axisY = rect.y + 1
        func keyX(_ k: Int) -> Int { gridX + (k - keyStart) * cell }

        if wide {
            // Line 2: each key's token, cut to the cell and right-aligned over its values; the focused key reversed.
            for k in keys {
                let label = Self.keyLabel(names[k], width: cell - 1)
                let lx = keyX(k) + cell - DisplayWidth.of(label)
                let colour: TerminalColor = k == key ? .default : (special[k] ? c.theme.special : c.theme.muted)
                c.screen.put(label, x: lx, y: axisY, foreground: colour,
                             style: k == key ? DrawContext.highlight : [], maxX: rect.maxX)
                c.regions.add(x: keyX(k), y: axisY, width: min(cell, rect.maxX - keyX(k)),
                              .cell(query: axis.token(at: query), key: axis.token(at: k)))
            }
        } else {
            // Line 2: key axis, an index every 5 keys where it fits, the focused key always (reversed).
            let marked = keys.filter { $0 % 5 == 0 || $0 == key }
            let labels = TextFit.axisLabels(marked.map { (keyX($0), String($0)) },
                                            focus: marked.firstIndex(of: key), maxX: rect.maxX)
            for (i, label) in labels {
                let k = marked[i]
                c.screen.put(label.text, x: label.x, y: axisY, foreground: k == key ? .default : c.theme.muted,
                             style: k == key ? DrawContext.highlight : [], maxX: rect.maxX)
            }
            for k in keys where labelRows > 0 {
                let text = names[k]
                let glyphs = Array(text.hasPrefix("##") && text.count > 2 ? text.dropFirst(2) : Substring(text))
                for (i, g) in glyphs.prefix(labelRows).enumerated() {
                    c.screen.put(String(g), x: keyX(k), y: axisY + 1 + i, foreground: k == key ? .default : c.theme.muted,
                                 style: k == key ? .bold : [], maxX: rect.maxX)
                }
                c.regions.add(x: keyX(k), y: axisY + 1, width: cell, height: labelRows,
                              .cell(query: axis.token(at: query), key: axis.token(at: k)))
            }
        }
        let gridY = rect.y + 2 + labelRows
        let boundary = axis.boundary
        if let b = boundary, keys.contains(b) {
            c.screen.put("│", x: keyX(b), y: axisY, foreground: c.theme.accent, style: .bold, maxX: rect.maxX)
        }
        for r in 0..<visibleRows {
            let q = rowStart + r
            let y = gridY + r
            let label = TextFit.padLeft(names[q], to: labelWidth - 1)
            // The segment boundary: the last row of A is underlined (a line under it, across the grid).
            let lastOfA = boundary.map { q == $0 - 1 } ?? false
            var labelStyle: CellStyle = q == query ? DrawContext.highlight : []
            if lastOfA { labelStyle.insert(.underline) }
            c.screen.put(label, x: rect.x, y: y, foreground: special[q] ? c.theme.special : .default, style: labelStyle)
            c.regions.add(x: rect.x, y: y, width: labelWidth, .token(axis.token(at: q)))
            for k in keys {
                let p = mapping.position(m[q, k])
                let focused = q == query && k == key
                defer {
                    if lastOfA { Self.underline(&c.screen, x: keyX(k), y: y, width: cell, maxX: rect.maxX) }
                    if k == boundary && !(focused && !wide) { Self.drawBoundary(&c, x: keyX(k), y: y, position: p, maxX: rect.maxX) }
                }
                if wide {
                    Self.drawWideCell(&c, x: keyX(k), y: y, width: cell, value: m[q, k], position: p, focused: focused,
                                 maxX: rect.maxX)
                    continue
                }
                c.palette.fill(&c.screen, x: keyX(k), y: y, width: cell, position: p, maxX: rect.maxX)
                if focused {
                    let mark = cell == 2 ? "◆ " : "◆"
                    if c.palette.hasColor {
                        c.screen.put(mark, x: keyX(k), y: y, foreground: c.palette.textColor(on: p),
                                     background: c.palette.color(at: p), style: .bold, maxX: rect.maxX)
                    } else {
                        c.screen.put(cell == 2 ? "[]" : "◆", x: keyX(k), y: y, style: .bold, maxX: rect.maxX)
                    }
                }
            }
            if let grouping = axis.grouping {
                for k in keys {
                    c.regions.add(x: keyX(k), y: y, width: cell, .cell(query: grouping.words[q].lowerBound,
                                                                     key: grouping.words[k].lowerBound))
                }
            } else {
                c.regions.addCells(x: gridX, y: y, cellWidth: cell, count: visibleKeys, query: q, firstKey: keyStart)
            }
        }
        var caption = s.head == nil ? "\(s.aggregation.rawValue) of \(s.model.heads) heads" : "head \(s.head! + 1)"
        if rollout { caption = "rollout L1–L\(s.layer + 1), \(s.aggregation.rawValue) of heads" }
        let modes = AttentionModes.labels(s)
        if !modes.isEmpty { caption += " · " + modes.joined(separator: " · ") }
        if boundary != nil { caption += " · │ A|B" }
        LegendView.draw(&c, x: rect.x, y: gridY + visibleRows, maxX: rect.maxX, mapping: mapping, caption: caption,
                        nonFinite: fit.nonFinite)
    }

    /// Underlines cells already drawn (the line under segment A's last row).
    private static func underline(_ screen: inout Screen, x: Int, y: Int, width: Int, maxX: Int) {
        for column in x..<min(x + width, maxX, screen.width) where screen.contains(x: column, y: y) {
            screen[column, y].style.insert(.underline)
        }
    }

    /// The pair boundary on the first column of segment B: a bar on the cell's first column, in the cell's colour.
    private static func drawBoundary(_ c: inout DrawContext, x: Int, y: Int, position p: Double, maxX: Int) {
        let background: TerminalColor = c.palette.hasColor ? c.palette.color(at: p) : .default
        c.screen.put("▏", x: x, y: y, foreground: c.palette.hasColor ? c.palette.textColor(on: p) : .default,
                     background: background, style: .bold, maxX: maxX)
    }

    /// A cell wide enough for its value: the colour (or shade glyphs) with the value right-aligned on top in
    /// a contrasting colour; the focused cell carries `◆` just before its value and a bold (without colour,
    /// reversed) value.
    private static func drawWideCell(_ c: inout DrawContext, x: Int, y: Int, width: Int, value: Float,
                                     position p: Double, focused: Bool, maxX: Int) {
        c.palette.fill(&c.screen, x: x, y: y, width: width, position: p, maxX: maxX)
        let text = Self.cellText(value, width: width - 1)
        let background: TerminalColor = c.palette.hasColor ? c.palette.color(at: p) : .default
        let foreground = c.palette.textColor(on: p)
        var style: CellStyle = focused ? .bold : []
        if focused && !c.palette.hasColor { style.insert(.reverse) }
        let textX = x + width - DisplayWidth.of(text)
        c.screen.put(text, x: textX, y: y, foreground: foreground, background: background, style: style, maxX: maxX)
        if focused {
            c.screen.put("◆", x: max(x, textX - 1), y: y, foreground: foreground, background: background, style: .bold,
                         maxX: maxX)
        }
    }
}

extension ViewID {
    public static let attention = ViewID("attention")
}
