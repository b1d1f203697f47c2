import Analysis
import TerminalUI

/// Hidden-state norms as a layers × tokens heatmap (embeddings on top) and, below it when there is room, the
/// norm of the change each layer makes; `c` swaps which one leads (and which the keys focus). Wide enough cells
/// print their values; the focused value is always printed above.
public struct HiddenNormsView: ExplorerView {
    static let labelWidth = 6
    /// Columns of the focused token's values when cells are too narrow for them (a space and six characters).
    static let valueWidth = 7
    /// `c`: the change each layer makes leads instead of the norms.
    public static let showChange = ViewStateKey("norms.change", default: false)

    let id = ViewID.norms
    let title = "Norms"
    let hidesSpecialTokens = false
    var keys: [KeyBinding] {
        [
            KeyBinding(.view(id), [.character("c")], keys: "c", action: "norms or change per layer first",
                       hint: "c change") { s, _ in
                s.views[Self.showChange].toggle()
                return .done
            },
        ]
    }

    struct Block {
        var rows: [[Float]]
        var labels: [String]
        var mapping: ScaleMapping
        var isChange: Bool
        var caption: String
    }

    func prepare(_ derived: DerivedMatrices, state: ExplorerState, result: ForwardPass) {
        _ = derived.norms(result)
    }

    func draw(_ c: inout DrawContext, rect: Rect, result: ForwardPass) {
        let s = c.state
        let tokens = result.encoding.tokens
        let n = tokens.count
        guard n > 0, rect.height >= 4 else { return }
        let matrix = c.derived.norms(result)
        let showChange = s.views[Self.showChange]
        let norms = Block(rows: matrix.norms, labels: (0..<matrix.norms.count).map { $0 == 0 ? "emb" : "L\($0)" },
                          mapping: ScaleMapping.fitted(s.scale, to: matrix.norms.joined(), includingZero: false),
                          isChange: false, caption: "hidden-state L2 norm")
        let changes = Block(rows: matrix.changes, labels: (0..<matrix.changes.count).map { "ΔL\($0 + 1)" },
                            mapping: ScaleMapping.fitted(s.scale, to: matrix.changes.joined()),
                            isChange: true, caption: "change per layer ‖h(L) − h(L−1)‖")
        let (main, other) = showChange ? (changes, norms) : (norms, changes)
        let token = min(s.selectedToken, n - 1)
        let focusRow = min(showChange ? s.layer : s.layer + 1, main.rows.count - 1)
        let value = main.rows.isEmpty ? 0 : main.rows[focusRow][token]

        let what = showChange ? "‖h(L\(focusRow + 1)) − h(L\(focusRow))‖" : "‖h‖ at \(main.labels[focusRow])"
        var x = c.screen.put("\(token) \(DisplayWidth.truncate(tokens[token].text, to: 16))  \(what) = ", x: rect.x, y: rect.y,
                             style: .bold, maxX: rect.maxX)
        x = c.screen.put(TextFit.number(value), x: x, y: rect.y, foreground: c.theme.accent, style: .bold, maxX: rect.maxX)
        c.screen.put("  (c: \(showChange ? "norms first" : "change first"))", x: x, y: rect.y, foreground: c.theme.muted,
                     maxX: rect.maxX)

        let gridX = rect.x + Self.labelWidth
        var gridWidth = rect.maxX - gridX
        var cell = max(1, min(6, gridWidth / n))
        // Cells too narrow for values: the focused token's numbers get a column of their own on the right.
        let narrow = cell < 5
        if narrow {
            gridWidth -= Self.valueWidth
            cell = max(1, min(6, gridWidth / n))
        }
        let visible = min(n, gridWidth / cell)
        let valueX: Int? = narrow ? gridX + visible * cell + 1 : nil
        let start = TextFit.windowStart(focus: token, visible: visible, count: n)
        let columns = start..<(start + visible)
        let axisY = rect.y + 1
        if cell >= 3 {
            for k in columns {
                c.screen.put(AttentionHeatmapView.keyLabel(tokens[k].text, width: cell - 1), x: gridX + (k - start) * cell, y: axisY,
                             foreground: k == token ? .default : c.theme.muted,
                             style: k == token ? DrawContext.highlight : [], maxX: gridX + gridWidth)
            }
        } else {
            // Token indices every 5 columns where they fit, the focused one always.
            let marked = columns.filter { $0 % 5 == 0 || $0 == token }
            for (i, label) in TextFit.axisLabels(marked.map { (gridX + ($0 - start) * cell, String($0)) },
                                                 focus: marked.firstIndex(of: token), maxX: gridX + gridWidth) {
                c.screen.put(label.text, x: label.x, y: axisY, foreground: marked[i] == token ? .default : c.theme.muted,
                             style: marked[i] == token ? DrawContext.highlight : [])
            }
        }
        for k in columns { c.regions.add(x: gridX + (k - start) * cell, y: axisY, width: cell, .token(k)) }
        if let valueX {
            c.screen.put(TextFit.padLeft(tokens[token].text, to: Self.valueWidth - 1), x: valueX, y: axisY,
                         style: DrawContext.highlight, maxX: rect.maxX)
        }
        var y = rect.y + 2
        let mainRows = min(main.rows.count, rect.maxY - y - 1)
        Self.drawRows(&c, main, y: y, count: mainRows, focus: (focusRow, token), columns: columns, cell: cell, rect: rect,
                      focusValues: valueX.map { ($0, token) })
        y += mainRows
        LegendView.draw(&c, x: rect.x, y: y, maxX: rect.maxX, mapping: main.mapping, caption: main.caption,
                        nonFinite: main.rows.joined().contains { !$0.isFinite })
        y += 1
        // The other matrix below, as many of its rows as fit (its top rows first).
        let otherRows = min(other.rows.count, rect.maxY - y - 1)
        guard otherRows >= 2 else { return }
        LegendView.draw(&c, x: rect.x, y: y, maxX: rect.maxX, mapping: other.mapping, caption: other.caption,
                        nonFinite: other.rows.joined().contains { !$0.isFinite })
        Self.drawRows(&c, other, y: y + 1, count: otherRows, focus: nil, columns: columns, cell: cell, rect: rect,
                      focusValues: valueX.map { ($0, token) })
    }

    /// Rows of a block; with `focusValues`, each row's value for that token is printed at column `x`.
    private static func drawRows(_ c: inout DrawContext, _ block: Block, y y0: Int, count: Int, focus: (row: Int, token: Int)?,
                                 columns: Range<Int>, cell: Int, rect: Rect, focusValues: (x: Int, token: Int)?) {
        guard count > 0 else { return }
        let rowStart = TextFit.windowStart(focus: focus?.row ?? 0, visible: count, count: block.rows.count)
        let gridX = rect.x + Self.labelWidth
        for r in 0..<count {
            let l = rowStart + r
            let y = y0 + r
            c.screen.put(TextFit.padLeft(block.labels[l], to: Self.labelWidth - 1), x: rect.x, y: y,
                         foreground: focus == nil ? c.theme.muted : .default,
                         style: l == focus?.row ? DrawContext.highlight : [])
            for k in columns {
                let cx = gridX + (k - columns.lowerBound) * cell
                let p = block.mapping.position(block.rows[l][k])
                let focused = l == focus?.row && k == focus?.token
                c.palette.fill(&c.screen, x: cx, y: y, width: cell, position: p, maxX: rect.maxX)
                if cell >= 5 {
                    c.screen.put(TextFit.padLeft(TextFit.number(block.rows[l][k], width: cell - 1), to: cell - 1), x: cx, y: y,
                                 foreground: c.palette.textColor(on: p),
                                 background: c.palette.hasColor ? c.palette.color(at: p) : .default,
                                 style: focused ? DrawContext.highlight : [], maxX: rect.maxX)
                } else if focused {
                    c.screen.put("◆", x: cx, y: y, foreground: c.palette.textColor(on: p),
                                 background: c.palette.hasColor ? c.palette.color(at: p) : .default, maxX: rect.maxX)
                }
                let layer = block.isChange ? l + 1 : l
                c.regions.add(x: cx, y: y, width: cell, .norm(layer: layer, token: k))
            }
            if let (x, token) = focusValues {
                c.screen.put(TextFit.padLeft(TextFit.number(block.rows[l][token], width: Self.valueWidth - 1), to: Self.valueWidth - 1),
                             x: x, y: y, foreground: focus == nil ? c.theme.muted : .default,
                             style: l == focus?.row ? DrawContext.highlight : [], maxX: rect.maxX)
            }
        }
    }
}

extension ViewID {
    public static let norms = ViewID("norms")
}
