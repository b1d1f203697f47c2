import SafeText
import Heads
import TerminalUI

/// The masked-LM head's top-k for the selected token at every layer (a layers × k table of words with
/// probability bars, the current layer marked: exBERT's view), or, for a classifier or discriminator, its scores
/// for the selected token and the whole input. A model without a head gets the names of models that have one.
public struct PredictionsView: ExplorerView {
    static let labelWidth = 6

    let id = ViewID.predictions
    let title = "Predictions"
    let hidesSpecialTokens = false
    var keys: [KeyBinding] { [] }

    func draw(_ c: inout DrawContext, rect: Rect, result: ForwardPass) {
        let tokens = result.encoding.tokens
        guard let heads = c.state.heads, !heads.heads.isEmpty, !tokens.isEmpty else {
            let lines = ["This model has no masked-LM, classifier or discriminator head (\(c.state.heads.map { TerminalText.escaped($0.heads.architecture) } ?? "an encoder only")).",
                         "Models with one: " + ExplorerHeads.examples]
            var y = rect.y + 1
            for line in lines {
                for part in TextFit.wrap(line, width: max(10, rect.width - 4)) where y < rect.maxY {
                    c.screen.put(part, x: rect.x + 2, y: y, foreground: c.theme.muted, maxX: rect.maxX)
                    y += 1
                }
            }
            return
        }
        guard let readout = result.heads.readout else { return }
        let token = min(c.state.selectedToken, tokens.count - 1)
        let name = "\(token) \(DisplayWidth.truncate(tokens[token].text, to: 16))"
        if heads.heads.maskedLM != nil {
            // Computed in the background for the selection; until it lands, say so.
            guard let layers = c.state.followUps.selection, c.state.followUps.selectionRequest?.token == token else {
                c.screen.put("token \(name) · computing the masked-LM head at every layer…", x: rect.x, y: rect.y,
                             foreground: c.theme.muted, maxX: rect.maxX)
                return
            }
            drawLayers(&c, heads, layers, rect: rect, title: name)
        } else if let result = readout.sequence, let labels = heads.heads.sequenceClassifier?.labels {
            c.screen.put("sequence classification · \(TerminalText.escaped(heads.heads.architecture))", x: rect.x, y: rect.y, style: .bold, maxX: rect.maxX)
            drawLabels(&c, result, labels: labels, rect: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2))
        } else if let results = readout.tokens, let labels = heads.heads.tokenClassifier?.labels {
            c.screen.put("token \(name) · label scores", x: rect.x, y: rect.y, style: .bold, maxX: rect.maxX)
            drawLabels(&c, results[token], labels: labels, rect: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2))
        } else if let replaced = readout.replaced {
            let x = c.screen.put("token \(name) · probability it was replaced: ", x: rect.x, y: rect.y, style: .bold, maxX: rect.maxX)
            c.screen.put(TextFit.fixed(Double(replaced[token]), 3), x: x, y: rect.y, foreground: c.theme.accent, style: .bold, maxX: rect.maxX)
            let rows = Array(zip(tokens.map(\.text), replaced).enumerated())
            for (row, (index, pair)) in rows.prefix(max(0, rect.height - 2)).enumerated() {
                drawBar(&c, label: TerminalText.escaped(pair.0), value: pair.1, selected: index == token,
                        x: rect.x, y: rect.y + 2 + row, maxX: rect.maxX)
            }
        }
    }

    /// One row per hidden state (embeddings, L1 ... Ln), k columns of `word ▇▇ 0.41`.
    private func drawLayers(_ c: inout DrawContext, _ heads: ExplorerHeads, _ selectedLayers: [MaskedLMPrediction], rect: Rect, title: String) {
        let current = min(c.state.layer + 1, max(0, selectedLayers.count - 1))
        c.screen.put("token \(title) · top \(ExplorerHeads.topK) of the masked-LM head at every layer (▶ current layer)",
                     x: rect.x, y: rect.y, style: .bold, maxX: rect.maxX)
        let gridX = rect.x + Self.labelWidth
        let k = max(1, min(ExplorerHeads.topK, (rect.maxX - gridX) / 14))
        let cell = (rect.maxX - gridX) / k
        let visible = min(selectedLayers.count, rect.height - 2)
        guard visible > 0 else { return }
        let start = TextFit.windowStart(focus: current, visible: visible, count: selectedLayers.count)
        for row in 0..<visible {
            let prediction = selectedLayers[start + row], y = rect.y + 2 + row
            let layer = prediction.layer, isCurrent = layer == current
            let label = (isCurrent ? "▶" : " ") + (layer == 0 ? "emb" : "L\(layer)")
            c.screen.put(TextFit.padLeft(label, to: Self.labelWidth - 1), x: rect.x, y: y,
                         foreground: isCurrent ? .default : c.theme.muted, style: isCurrent ? DrawContext.highlight : [])
            for (rank, entry) in prediction.top.prefix(k).enumerated() {
                let x = gridX + rank * cell, wordWidth = max(1, cell - 11)
                var end = c.screen.put(Self.pad(DisplayWidth.truncate(heads.word(entry.id), to: wordWidth), to: wordWidth) + " ",
                                       x: x, y: y, style: isCurrent ? .bold : [], maxX: rect.maxX)
                end = c.screen.put(TokenBarsView.bar(Double(entry.probability), width: 4), x: end, y: y,
                                   foreground: c.theme.accent, background: c.theme.barBackground, maxX: rect.maxX)
                c.screen.put(" " + TextFit.fixed(Double(entry.probability), 2), x: end, y: y, maxX: rect.maxX)
            }
        }
    }

    /// `text` followed by spaces up to `width` columns.
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }

    /// Every label with a bar, most probable first.
    private func drawLabels(_ c: inout DrawContext, _ result: Classification, labels: [String], rect: Rect) {
        let order = result.probabilities.indices.sorted { result.probabilities[$0] > result.probabilities[$1] }
        for (row, index) in order.prefix(max(0, rect.height)).enumerated() {
            drawBar(&c, label: TerminalText.escaped(labels[index]), value: result.probabilities[index],
                    selected: index == result.best, x: rect.x, y: rect.y + row, maxX: rect.maxX)
        }
    }

    private func drawBar(_ c: inout DrawContext, label: String, value: Float, selected: Bool, x: Int, y: Int, maxX: Int) {
        var end = c.screen.put(Self.pad(DisplayWidth.truncate(label, to: 16), to: 16) + " ", x: x, y: y,
                               style: selected ? .bold : [], maxX: maxX)
        end = c.screen.put(TokenBarsView.bar(Double(value), width: 20), x: end, y: y, foreground: c.theme.accent,
                           background: c.theme.barBackground, maxX: maxX)
        c.screen.put(" " + TextFit.fixed(Double(value), 3), x: end, y: y, maxX: maxX)
    }
}

extension ViewID {
    public static let predictions = ViewID("predictions")
}
