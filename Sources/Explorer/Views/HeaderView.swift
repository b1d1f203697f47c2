import SafeText
import TerminalUI

/// Top line: program, model, L×H×D, token count, last compute time, `computing…`, mode.
///
/// When it does not fit, the least useful parts go first: the model's name is shortened, then dropped,
/// then the compute time, the L×H×D shape and the program name; the token count, `computing…`, a warning
/// when the result holds NaN or infinity, and the mode label stay.
struct HeaderView {
    static func draw(_ c: inout DrawContext, row: Int) {
        let s = c.state
        let width = c.screen.width
        let bg = c.theme.barBackground
        c.screen.fill(x: 0, y: row, width: width, height: 1, with: Cell(background: bg))
        let mode = s.mode == .editing ? " EDIT " : " EXPLORE "
        let (title, parts) = layout(s, width: width - DisplayWidth.of(mode))
        var x = c.screen.put(title, x: 0, y: row, foreground: c.theme.barForeground, background: bg, style: .bold)
        for part in parts {
            x = c.screen.put("│ ", x: x, y: row, foreground: c.theme.muted, background: bg)
            let warning = part.hasPrefix("⚠")
            x = c.screen.put(part + " ", x: x, y: row, foreground: warning ? c.theme.unknown : c.theme.barForeground,
                             background: bg, style: warning ? .bold : [])
        }
        let mx = width - DisplayWidth.of(mode)
        if mx >= x { c.screen.put(mode, x: max(0, mx), y: row, foreground: c.theme.barForeground, background: bg, style: [.bold, .reverse]) }
    }

    /// The program name and the parts for a line of `available` columns (the mode label excluded).
    static func layout(_ s: ExplorerState, width available: Int) -> (title: String, parts: [String]) {
        let m = s.model
        // The name comes from the command line or a hub folder: control characters are shown, never sent.
        let name = TerminalText.escaped(m.name)
        let shape = "\(m.layers)L×\(m.heads)H×\(m.hiddenSize)"
        let count = s.encoding.count
        let tokens = "\(count) token\(count == 1 ? "" : "s")\(s.encoding.truncated ? " (truncated)" : "")"
        let time = s.result.map { "\(TextFit.fixed($0.milliseconds, 1)) ms" }
        let computing = s.computing ? "computing…" : nil
        let nonFinite = s.result?.firstNonFiniteLayer.map { $0 == 0 ? "⚠ nan/inf in embeddings" : "⚠ nan/inf from layer \($0)" }
        func width(_ title: String, _ parts: [String]) -> Int {
            DisplayWidth.of(title) + parts.reduce(0) { $0 + 3 + DisplayWidth.of($1) }
        }
        func parts(model: String?, time: String?, shape: String?, tokens: String) -> [String] {
            let first = [model, shape].compactMap { $0 }.joined(separator: " ")
            return ([first.isEmpty ? nil : first, tokens, time, computing, nonFinite] as [String?]).compactMap { $0 }
        }
        let title = " bert-explorer "
        let full = parts(model: name, time: time, shape: shape, tokens: tokens)
        if width(title, full) <= available { return (title, full) }
        // The model's name, shortened to what is left (at least 4 columns and an ellipsis).
        let noName = parts(model: nil, time: time, shape: shape, tokens: tokens)
        let room = available - width(title, noName) - 1
        if room >= 5 {
            return (title, parts(model: DisplayWidth.truncate(name, to: room - 1) + "…", time: time, shape: shape, tokens: tokens))
        }
        let candidates: [(String, [String])] = [
            (title, noName),
            (title, parts(model: nil, time: nil, shape: shape, tokens: tokens)),
            (title, parts(model: nil, time: nil, shape: nil, tokens: tokens)),
            (" bx ", parts(model: nil, time: nil, shape: nil, tokens: tokens)),
            ("", parts(model: nil, time: nil, shape: nil, tokens: "\(count) tok\(s.encoding.truncated ? " (cut)" : "")")),
        ]
        return candidates.first { width($0.0, $0.1) <= available } ?? candidates[candidates.count - 1]
    }
}
