import Foundation
import SafeText
import Training

/// What `train` prints: the data, the features, the sweep table and the saved head (text or JSON).
struct TrainingSummary {
    let head: String
    let metadata: HeadMetadata
    let trainCount: Int
    let validationCount: Int
    let cached: Bool
    let featureSeconds: Double
    let cacheDirectory: String

    func text() -> String {
        var lines: [String] = []
        let unit = metadata.task == .token ? "sentences" : "examples"
        lines.append("data: \(TerminalText.escaped(metadata.dataFile)): \(metadata.examples) \(unit) (\(trainCount) train, \(validationCount) validation), \(metadata.labels.count) labels, \(metadata.truncated) truncated to the model's length")
        lines.append(cached ? "features: from the cache \(TerminalText.escaped(cacheDirectory))"
                     : String(format: "features: computed in %.1f s, cached in %@", featureSeconds, TerminalText.escaped(cacheDirectory)))
        if let sweep = metadata.sweep {
            lines.append(SweepTable.render(sweep, best: metadata.layer))
        }
        if let metrics = metadata.metrics {
            var line = String(format: "validation: accuracy %.4f, macro-F1 %.4f", metrics.accuracy, metrics.macroF1)
            if let entities = metrics.entities {
                line += String(format: ", entity P %.4f R %.4f F1 %.4f", entities.precision, entities.recall, entities.f1)
            }
            lines.append(line)
        }
        lines.append("saved: \(TerminalText.escaped(head))/head.safetensors, head.json (layer \(metadata.layer), \(metadata.task == .token ? "token" : metadata.pooling.rawValue), \(metadata.head.rawValue) head)")
        return lines.joined(separator: "\n") + "\n"
    }

    func json() -> String {
        var object: [String: Any] = [
            "head": head, "task": metadata.task.rawValue, "labels": metadata.labels, "layer": metadata.layer,
            "pooling": metadata.pooling.rawValue, "head_kind": metadata.head.rawValue, "examples": metadata.examples,
            "train": trainCount, "validation": validationCount, "truncated": metadata.truncated, "cached": cached,
            "cache": cacheDirectory,
        ]
        if let metrics = metadata.metrics { object["metrics"] = MetricsJSON.object(metrics) }
        if let sweep = metadata.sweep {
            object["sweep"] = sweep.map { row -> [String: Any] in
                var item: [String: Any] = ["layer": row.layer, "accuracy": row.accuracy, "macro_f1": row.macroF1]
                if let f1 = row.entityF1 { item["entity_f1"] = f1 }
                return item
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
