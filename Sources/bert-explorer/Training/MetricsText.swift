import Foundation
import Training

/// `evaluate`'s text report: overall scores, a per-class table and the confusion matrix.
enum MetricsText {
    static func render(_ metrics: ClassificationMetrics, labels: [String], header: String) -> String {
        var lines = [header]
        lines.append(String(format: "accuracy %.4f, macro-F1 %.4f", metrics.accuracy, metrics.macroF1))
        if let entities = metrics.entities {
            lines.append(String(format: "entities (seqeval): precision %.4f, recall %.4f, F1 %.4f", entities.precision, entities.recall, entities.f1))
        }
        let names = labels.map { TextEscaping.plain($0, limit: 20) }
        let width = max(5, names.map(\.count).max() ?? 5)
        func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        lines.append("\(pad("label"))  precision  recall      F1  support")
        for item in metrics.classes {
            lines.append(pad(TextEscaping.plain(item.label, limit: 20)) + String(format: "  %9.4f  %6.4f  %6.4f  %7d", item.precision, item.recall, item.f1, item.support))
        }
        if labels.count <= 20 {
            lines.append("confusion (rows: gold, columns: predicted, in label order)")
            let cell = max(6, (metrics.confusion.joined().max() ?? 0).description.count + 1)
            for (index, row) in metrics.confusion.enumerated() {
                lines.append(pad(names[index]) + row.map { String(repeating: " ", count: max(0, cell - "\($0)".count)) + "\($0)" }.joined())
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
