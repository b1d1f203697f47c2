import Foundation
import Training

/// The per-layer table of a probe sweep, the saved layer marked.
enum SweepTable {
    static func render(_ rows: [SweepRow], best: Int) -> String {
        let entity = rows.contains { $0.entityF1 != nil }
        var lines = ["layer  accuracy  macro-F1" + (entity ? "  entity-F1" : "")]
        for row in rows {
            var line = String(format: "%5d  %8.4f  %8.4f", row.layer, row.accuracy, row.macroF1)
            if let f1 = row.entityF1 { line += String(format: "  %9.4f", f1) }
            if row.layer == best { line += "  ← saved" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
