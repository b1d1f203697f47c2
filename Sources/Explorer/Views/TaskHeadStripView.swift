import Heads
import SafeText
import TerminalUI

/// Two rows under the token strip for a head trained by `train` (`--head DIR`), live as the input changes:
///
/// - the prediction: for a sentence head every label with its probability bar, most probable (the prediction,
///   bold) first, as far as the row allows; for a token head the label of each word under its first sub-word
///   (other pieces blank); at the right end the head's name (and which of several, `T` cycles) and, when it
///   came from a probe sweep, the per-layer accuracy chart (`SweepChart`);
/// - occlusion attribution (`Δp`): under each token, how much the predicted label's probability drops when the
///   token is replaced by `[MASK]` (in points, coloured warm for support and cool against), and at the right
///   end the exact value for the selected token; `attribution…` while it computes in the background.
///
/// Both read results computed off the UI thread (`HeadOutputs`, `FollowUps`); nothing is computed here.
enum TaskHeadStripView {
    static let gutter = 4

    static func rows(_ state: ExplorerState) -> Int { state.taskHeads.isEmpty ? 0 : 2 }

    static let binding = KeyBinding(.exploring, [.character("T")], keys: "T",
                                    action: "next trained head (`--head`): its prediction and attribution under the tokens",
                                    hint: nil) { s, _ in
        guard s.taskHeads.count > 1 else {
            return .refused(s.taskHeads.isEmpty ? "T: no trained head; start with --head DIR (from bert-explorer train)"
                                                : "T: only one trained head is loaded (--head can be given again)")
        }
        s.shownTaskHead = (s.shownTaskHead + 1) % s.taskHeads.count
        return .done
    }

    static func draw(_ c: inout DrawContext, row y: Int) {
        let s = c.state
        guard let index = s.shownTaskHeadIndex else { return }
        let head = s.taskHeads[index]
        c.screen.put(head.isTokenTask ? "tag" : "cls", x: 0, y: y, foreground: c.theme.muted)
        c.screen.put("Δp", x: 0, y: y + 1, foreground: c.theme.muted)
        let right = drawTitle(&c, head, index: index, count: s.taskHeads.count, y: y)
        guard let result = s.result, s.resultIsCurrent, index < result.heads.trained.count,
              let prediction = result.heads.trained[index] else { return }
        let columns = tokenColumns(c, stripRow: y - 1 - HeadStripView.rows(s))
        if let sentence = prediction.sentence {
            HeadStripView.drawDistribution(&c, sentence, labels: head.labels, x: gutter, y: y, maxX: right - 1)
        } else {
            for (token, column) in columns {
                guard let scores = prediction.token(token) else { continue }
                let label = head.labels[scores.best], width = min(column.width - 1, right - 1 - column.x)
                guard width > 0 else { continue }
                c.screen.put(DisplayWidth.truncate(TerminalText.escaped(label), to: width), x: column.x, y: y,
                             foreground: HeadStripView.labelColor(c, index: scores.best, label: label), maxX: column.x + width)
            }
        }
        if head.isTokenTask, s.followUps.attributionRequest == nil {
            c.screen.put("select a word to see what drives its label", x: gutter, y: y + 1, foreground: c.theme.muted,
                         maxX: c.screen.width)
        }
        drawAttribution(&c, columns: columns, y: y + 1)
    }

    /// The head's name (`2/3 name` with several) and its sweep chart, right-aligned; returns where they start.
    private static func drawTitle(_ c: inout DrawContext, _ head: TaskHead, index: Int, count: Int, y: Int) -> Int {
        let width = c.screen.width
        let title = (count > 1 ? "\(index + 1)/\(count) " : "") + DisplayWidth.truncate(head.name, to: 14)
        let chart = SweepChart(head.metadata.sweep, layer: head.metadata.layer)
        // The chart goes first when the row is too narrow for both and a label.
        let both = DisplayWidth.of(title) + 2 + (chart.map { $0.width + 2 } ?? 0)
        let showTitle = width - gutter - both >= 20 || chart == nil
        let used = (showTitle ? DisplayWidth.of(title) + 1 : 0) + (chart.map { $0.width + 1 } ?? 0)
        let x = max(gutter, width - used)
        var end = x
        if let chart { end = chart.draw(&c, x: end, y: y, maxX: width) + 1 }
        if showTitle { c.screen.put(title, x: end, y: y, foreground: c.theme.barForeground, style: .bold, maxX: width) }
        return x
    }

    /// The token strip's columns, as it registered them this frame.
    private static func tokenColumns(_ c: DrawContext, stripRow: Int) -> [(token: Int, column: (x: Int, width: Int))] {
        var columns: [(token: Int, column: (x: Int, width: Int))] = []
        for region in c.regions.regions where region.y <= stripRow && region.y + region.height > stripRow {
            if case .token(let index) = region.target { columns.append((index, (region.x, region.width))) }
        }
        return columns.sorted { $0.token < $1.token }
    }

    private static func drawAttribution(_ c: inout DrawContext, columns: [(token: Int, column: (x: Int, width: Int))], y: Int) {
        let follow = c.state.followUps
        guard follow.attributionRequest != nil else { return }
        guard let attribution = follow.attribution else {
            c.screen.put("attribution…", x: gutter, y: y, foreground: c.theme.muted, maxX: c.screen.width)
            return
        }
        let palette = DivergingPalette(mode: c.palette.mode), scale = attribution.scale
        let selected = c.state.selectedToken
        // The label explained and the selected token's exact value, right-aligned; cells stop before it.
        var note = ""
        if selected < attribution.drops.count, let value = attribution.drops[selected], let token = c.state.shownTokens[safe: selected],
           let request = follow.attributionRequest, let label = c.state.taskHeads[safe: request.head]?.labels[safe: request.label] {
            note = " " + DisplayWidth.truncate(TerminalText.escaped(label), to: 12) + ": "
                + DisplayWidth.truncate(TerminalText.escaped(token.text), to: 12) + " " + signed(value, 3)
        }
        let noteX = c.screen.width - DisplayWidth.of(note)
        for (token, column) in columns where token < attribution.drops.count {
            guard let value = attribution.drops[token] else { continue }
            let width = min(column.width - 1, noteX - column.x)
            guard width > 0 else { continue }
            let points = value.isFinite ? signed(value * 100, 0) : "?"
            let text = DisplayWidth.truncate(points, to: width)
            let cell = text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
            c.screen.put(cell, x: column.x, y: y, foreground: palette.textColor(value, scale: scale),
                         background: palette.color(value, scale: scale),
                         style: token == selected ? .bold : [], maxX: column.x + width)
        }
        if !note.isEmpty { c.screen.put(note, x: noteX, y: y, foreground: c.theme.accent, style: .bold) }
    }

    /// `+0.213`, `-0.041`, `+12`: always signed, so the direction reads without colour.
    static func signed(_ value: Float, _ digits: Int) -> String {
        let text = TextFit.fixed(Double(abs(value)), digits)
        return (value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "+") + text
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
