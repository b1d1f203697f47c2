import Foundation
import TestSupport

/// The float64 references of `Tests/Fixtures/analysis/reference.json` (made by
/// `Tests/Fixtures/scripts/make_analysis_fixtures.py` from transformers). Nested arrays are flattened row-major.
struct AnalysisReference {
    struct Case {
        let ids: [Int]
        let segments: [Int]
        let texts: [String]
        /// statistic name → `[layer][head]` flattened (nil: no row counted).
        let statistics: [String: [Double?]]
        /// `[layer][head][token]`.
        let valueNorms: [Double]
        /// `[layer][head][query][key]`, for the first cases of a model only.
        let normAttention: [Double]?
        /// `[layer][head][word][word]`, for the same cases.
        let wordAttention: [Double]?
        /// `[layer][head][token][headSize]` with bias, unscaled (tiny-base, first cases only).
        let queries: [Double]?
        let keys: [Double]?
    }

    struct Model {
        let directory: URL
        let cases: [Case]
        let pooled: [String: [Double?]]
    }

    let models: [String: Model]

    static func load() throws -> AnalysisReference {
        let data = try Data(contentsOf: Fixtures.url("analysis/reference.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var models: [String: Model] = [:]
        for (name, value) in root["models"] as! [String: [String: Any]] {
            let directory = name == "bundled" ? Fixtures.bundledModel : Fixtures.url("encoder/models/\(name)")
            let cases = (value["cases"] as! [[String: Any]]).map { item in
                Case(ids: item["ids"] as! [Int], segments: item["segments"] as! [Int], texts: item["texts"] as! [String],
                     statistics: statistics(item["statistics"]), valueNorms: flatten(item["value_norms"]!).map { $0! },
                     normAttention: item["norm_attention"].map { flatten($0).map { $0! } },
                     wordAttention: item["word_attention"].map { flatten($0).map { $0! } },
                     queries: item["queries"].map { flatten($0).map { $0! } },
                     keys: item["keys"].map { flatten($0).map { $0! } })
            }
            models[name] = Model(directory: directory, cases: cases, pooled: statistics(value["pooled"]))
        }
        return AnalysisReference(models: models)
    }

    private static func statistics(_ value: Any?) -> [String: [Double?]] {
        (value as! [String: Any]).mapValues(flatten)
    }

    /// Nested JSON arrays of numbers (or null) in row-major order.
    private static func flatten(_ value: Any) -> [Double?] {
        if let list = value as? [Any] { return list.flatMap(flatten) }
        return [(value as? NSNumber)?.doubleValue]
    }
}
