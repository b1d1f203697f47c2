import SafeText
import Heads
import TerminalUI

/// One row under the token strip with what the checkpoint's head says, live as the input changes: the top word
/// under each `[MASK]`, each token's label (coloured by label) for a token classifier, each token's
/// replaced-token probability (in percent) for an ELECTRA discriminator, or the label distribution of a
/// sequence classifier.
enum HeadStripView {
    static let labelWidth = 4

    /// Rows the strip takes: one when the model has a head, else none.
    static func rows(_ state: ExplorerState) -> Int {
        guard let heads = state.heads?.heads, !heads.isEmpty else { return 0 }
        return 1
    }

    static func draw(_ c: inout DrawContext, row y: Int) {
        guard rows(c.state) > 0, let heads = c.state.heads, let result = c.state.result, c.state.resultIsCurrent,
              !result.encoding.tokens.isEmpty, let readout = result.heads.readout else { return }
        // The strip's columns, as the token strip registered them this frame.
        var columns: [Int: (x: Int, width: Int)] = [:]
        for region in c.regions.regions where region.y <= y - 1 && region.y + region.height > y - 1 {
            if case .token(let index) = region.target { columns[index] = (region.x, region.width) }
        }
        if let sequence = readout.sequence, let head = heads.heads.sequenceClassifier {
            c.screen.put("cls", x: 0, y: y, foreground: c.theme.muted)
            drawDistribution(&c, sequence, labels: head.labels, x: labelWidth, y: y, maxX: c.screen.width)
            return
        }
        let tag = readout.tokens != nil ? "tag" : (readout.replaced != nil ? "rep" : "mlm")
        c.screen.put(tag, x: 0, y: y, foreground: c.theme.muted)
        for (index, column) in columns {
            let width = column.width - 1
            guard width > 0 else { continue }
            if let prediction = readout.masks.first(where: { $0.position == index }), let top = prediction.top.first {
                c.screen.put(DisplayWidth.truncate(heads.word(top.id), to: width), x: column.x, y: y,
                             foreground: c.theme.accent, style: .bold, maxX: column.x + width)
            } else if let tokens = readout.tokens, let labels = heads.heads.tokenClassifier?.labels, index < tokens.count {
                let best = tokens[index].best
                c.screen.put(DisplayWidth.truncate(TerminalText.escaped(labels[best]), to: width), x: column.x, y: y,
                             foreground: labelColor(c, index: best, label: labels[best]), maxX: column.x + width)
            } else if let replaced = readout.replaced, index < replaced.count {
                // A percentage fits under the narrowest token (two columns); the view has the exact value.
                let p = Double(replaced[index]), percent = p.isFinite ? String(Int((p * 100).rounded())) : "?"
                c.screen.put(DisplayWidth.truncate(percent, to: width), x: column.x, y: y,
                             foreground: c.palette.hasColor ? c.palette.textColor(on: p) : .default,
                             background: c.palette.hasColor ? c.palette.color(at: p) : .default, maxX: column.x + width)
            }
        }
    }

    /// `label ▇▇▇ 0.77` for every label, most probable first, as far as the row allows.
    static func drawDistribution(_ c: inout DrawContext, _ result: Classification, labels: [String], x x0: Int, y: Int, maxX: Int) {
        var x = x0
        let order = result.probabilities.indices.sorted { result.probabilities[$0] > result.probabilities[$1] }
        for index in order {
            let name = DisplayWidth.truncate(TerminalText.escaped(labels[index]), to: 16)
            guard x + DisplayWidth.of(name) + 11 <= maxX else { break }
            x = c.screen.put(name + " ", x: x, y: y, foreground: labelColor(c, index: index, label: labels[index]),
                             style: index == result.best ? .bold : [], maxX: maxX)
            x = c.screen.put(TokenBarsView.bar(Double(result.probabilities[index]), width: 5), x: x, y: y,
                             foreground: c.theme.accent, background: c.theme.barBackground, maxX: maxX)
            x = c.screen.put(" " + TextFit.fixed(Double(result.probabilities[index]), 2) + "  ", x: x, y: y, maxX: maxX)
        }
    }

    /// A label's colour: muted for `O` (outside any entity), else one of the theme's accents by label index.
    static func labelColor(_ c: DrawContext, index: Int, label: String) -> TerminalColor {
        if label == "O" { return c.theme.muted }
        let colors = [c.theme.segmentA, c.theme.segmentB, c.theme.accent, c.theme.special, c.theme.unknown]
        return colors[index % colors.count]
    }
}
