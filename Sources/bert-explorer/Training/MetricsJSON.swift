import Training

/// Metrics as JSON-ready dictionaries (snake_case keys), shared by `train` and `evaluate`.
enum MetricsJSON {
    static func object(_ metrics: ClassificationMetrics) -> [String: Any] {
        var object: [String: Any] = [
            "examples": metrics.examples, "accuracy": metrics.accuracy, "macro_f1": metrics.macroF1,
            "classes": metrics.classes.map(classObject), "confusion": metrics.confusion,
        ]
        if let entities = metrics.entities {
            object["entities"] = ["precision": entities.precision, "recall": entities.recall, "f1": entities.f1,
                                  "types": entities.types.map(classObject)] as [String: Any]
        }
        return object
    }

    private static func classObject(_ item: ClassMetrics) -> [String: Any] {
        ["label": item.label, "precision": item.precision, "recall": item.recall, "f1": item.f1, "support": item.support]
    }
}
