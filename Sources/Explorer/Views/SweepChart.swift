import TerminalUI
import Training

/// A probe sweep (`train --layer all`) in one line: `probe ▂▄▆█▅ L3 0.88`, one bar per hidden state
/// (embeddings, then layers 1...L) scaled between the sweep's lowest and highest validation accuracy, the bar of
/// the layer the head reads drawn reversed, then that layer and its accuracy.
struct SweepChart {
    let rows: [SweepRow]
    /// The hidden state the head reads.
    let layer: Int

    static let levels = Array("▁▂▃▄▅▆▇█")

    /// Nil when the head has no sweep table.
    init?(_ rows: [SweepRow]?, layer: Int) {
        guard let rows, !rows.isEmpty, rows.count <= 128 else { return nil }
        self.rows = rows.sorted { $0.layer < $1.layer }
        self.layer = layer
    }

    var read: SweepRow? { rows.first { $0.layer == layer } }

    var caption: String {
        " " + (layer == 0 ? "emb" : "L\(layer)") + (read.map { " " + TextFit.fixed($0.accuracy, 2) } ?? "")
    }

    /// Columns it takes.
    var width: Int { DisplayWidth.of("probe ") + rows.count + DisplayWidth.of(caption) }

    /// The bar glyph of each row.
    var bars: [Character] {
        let values = rows.map { $0.accuracy.isFinite ? $0.accuracy : 0 }
        let low = values.min() ?? 0, high = values.max() ?? 1
        return values.map { v in
            let t = high > low ? (v - low) / (high - low) : 0.5
            return Self.levels[min(Self.levels.count - 1, max(0, Int((t * Double(Self.levels.count - 1)).rounded())))]
        }
    }

    /// Draws at `x`; returns the column after it.
    @discardableResult
    func draw(_ c: inout DrawContext, x: Int, y: Int, maxX: Int) -> Int {
        var end = c.screen.put("probe ", x: x, y: y, foreground: c.theme.muted, maxX: maxX)
        for (row, bar) in zip(rows, bars) {
            let isRead = row.layer == layer
            end = c.screen.put(String(bar), x: end, y: y, foreground: isRead ? c.theme.segmentB : c.theme.accent,
                               style: isRead ? DrawContext.highlight : [], maxX: maxX)
        }
        return c.screen.put(caption, x: end, y: y, foreground: c.theme.muted, maxX: maxX)
    }
}
