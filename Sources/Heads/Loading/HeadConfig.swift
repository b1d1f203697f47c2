import Encoder
import Foundation

/// The fields of `config.json` that decide which task heads a checkpoint carries and how they compute.
public struct HeadConfig: Sendable, Equatable {
    /// `bert`, `distilbert` or `electra`.
    public let modelType: String
    /// `architectures[0]`, e.g. `BertForMaskedLM`; nil when the config names none.
    public let architecture: String?
    public let hiddenSize: Int
    /// ELECTRA's `embedding_size` (the generator head projects to it); `hiddenSize` elsewhere.
    public let embeddingSize: Int
    public let vocabSize: Int
    /// `hidden_act` (BERT, ELECTRA) or `activation` (DistilBERT), `gelu` when absent; checked by the heads that use it.
    public let activationName: String
    public let layerNormEps: Float
    /// `id2label` in id order; nil when the config has none.
    public let labels: [String]?
    /// `problem_type == "multi_label_classification"`: each label gets its own sigmoid.
    public let multiLabel: Bool
    /// `tie_word_embeddings` (default true): the masked-LM decoder is the word-embedding matrix.
    public let tiesWordEmbeddings: Bool

    /// Most labels accepted from `id2label`, and the longest label text (longer ones are cut).
    static let maxLabels = 100_000
    static let maxLabelLength = 200

    public static func load(url: URL) throws -> HeadConfig {
        // A regular file only: a FIFO must fail at once instead of blocking the load.
        let data: Data
        do { let file = try MappedFile(url: url); data = withExtendedLifetime(file) { Data(file.bytes) } } catch { throw HeadLoadError("\(error)") }
        return try parse(data)
    }

    public static func parse(_ data: Data, source: String = "config.json") throws -> HeadConfig {
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw HeadLoadError("\(source) is not a JSON object")
        }
        guard let modelType = json["model_type"] as? String, ["bert", "distilbert", "electra"].contains(modelType) else {
            throw HeadLoadError("\(source): model_type must be \"bert\", \"distilbert\" or \"electra\" for task heads")
        }
        let distil = modelType == "distilbert"
        func positive(_ key: String, default value: Int? = nil) throws -> Int {
            guard let raw = json[key] else {
                if let value { return value }
                throw HeadLoadError("\(source) is missing \(key)")
            }
            guard let number = raw as? Int, number > 0, number <= 1 << 24 else {
                throw HeadLoadError("\(source): \(key) must be a positive integer")
            }
            return number
        }
        let hidden = try positive(distil ? "dim" : "hidden_size")
        var eps: Float = 1e-12
        if !distil, let raw = json["layer_norm_eps"] {
            guard let value = raw as? Double, value > 0, value < 1 else {
                throw HeadLoadError("\(source): layer_norm_eps must be a small positive number")
            }
            eps = Float(value)
        }
        let architecture = (json["architectures"] as? [Any])?.first as? String
        return HeadConfig(
            modelType: modelType, architecture: architecture, hiddenSize: hidden,
            embeddingSize: modelType == "electra" ? try positive("embedding_size", default: hidden) : hidden,
            vocabSize: try positive("vocab_size"),
            activationName: (json[distil ? "activation" : "hidden_act"] as? String) ?? "gelu",
            layerNormEps: eps, labels: try labels(json["id2label"], source: source),
            multiLabel: (json["problem_type"] as? String) == "multi_label_classification",
            tiesWordEmbeddings: (json["tie_word_embeddings"] as? Bool) ?? true)
    }

    /// `id2label` as a list: its keys must be exactly "0"..."n-1".
    private static func labels(_ raw: Any?, source: String) throws -> [String]? {
        guard let raw else { return nil }
        guard let map = raw as? [String: Any], map.count <= maxLabels else {
            throw HeadLoadError("\(source): id2label must be an object of at most \(maxLabels) labels")
        }
        var labels = [String?](repeating: nil, count: map.count)
        for (key, value) in map {
            guard let id = Int(key), labels.indices.contains(id), labels[id] == nil, let name = value as? String else {
                throw HeadLoadError("\(source): id2label must map the ids 0...\(map.count - 1) to strings")
            }
            labels[id] = String(name.prefix(maxLabelLength))
        }
        return labels.map { $0 ?? "" }
    }
}
