import Foundation

/// The fields of a Hugging Face `config.json` (`model_type: bert`) that the encoder uses.
public struct BertConfig: Sendable, Equatable {
    /// Feed-forward activation.
    public enum Activation: String, Sendable {
        /// Exact erf form, `x/2 · (1 + erf(x/√2))`.
        case gelu
        /// Tanh approximation (`gelu_new`, `gelu_pytorch_tanh`).
        case geluTanh
        case relu
    }

    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    public var activation: Activation
    public var layerNormEps: Float
    public var maxPositions: Int
    public var typeVocabSize: Int
    public var vocabSize: Int
    /// `_name_or_path`, when the config carries one.
    public var nameOrPath: String?

    public init(hiddenSize: Int, layers: Int, heads: Int, intermediateSize: Int, activation: Activation = .gelu,
                layerNormEps: Float = 1e-12, maxPositions: Int = 512, typeVocabSize: Int = 2, vocabSize: Int,
                nameOrPath: String? = nil) {
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize
        self.activation = activation
        self.layerNormEps = layerNormEps
        self.maxPositions = maxPositions
        self.typeVocabSize = typeVocabSize
        self.vocabSize = vocabSize
        self.nameOrPath = nameOrPath
    }

    public var headSize: Int { hiddenSize / heads }

    /// Reads and validates `config.json`.
    public static func load(url: URL) throws -> BertConfig {
        let data: Data
        do {
            let file = try MappedFile(url: url)
            data = Data(file.bytes)
        } catch let error as SafeTensorsError {
            throw ModelLoadError(MappedFile.entryExists(url) ? error.description : "\(url.path): file not found")
        }
        return try parse(data, source: url.lastPathComponent)
    }

    /// Parses and validates the JSON text of a config.
    public static func parse(_ data: Data, source: String = "config.json") throws -> BertConfig {
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ModelLoadError("\(source) is not a JSON object")
        }
        guard let modelType = json["model_type"] as? String else {
            throw ModelLoadError("\(source) has no model_type; expected \"bert\"")
        }
        guard modelType == "bert" else {
            throw ModelLoadError("\(source): model_type \"\(modelType)\" is not supported; only \"bert\" encoders are")
        }
        func int(_ key: String, default value: Int? = nil) throws -> Int {
            guard let raw = json[key] else {
                if let value { return value }
                throw ModelLoadError("\(source) is missing \(key)")
            }
            guard let number = raw as? Int, number > 0 else {
                throw ModelLoadError("\(source): \(key) must be a positive integer, found \(raw)")
            }
            return number
        }
        let activationName = (json["hidden_act"] as? String) ?? "gelu"
        let activation: Activation
        switch activationName {
        case "gelu": activation = .gelu
        case "gelu_new", "gelu_pytorch_tanh": activation = .geluTanh
        case "relu": activation = .relu
        default: throw ModelLoadError("\(source): hidden_act \"\(activationName)\" is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)")
        }
        if let kind = json["position_embedding_type"] as? String, kind != "absolute" {
            throw ModelLoadError("\(source): position_embedding_type \"\(kind)\" is not supported; only \"absolute\"")
        }
        var eps: Float = 1e-12
        if let raw = json["layer_norm_eps"] {
            guard let value = raw as? Double, value > 0 else {
                throw ModelLoadError("\(source): layer_norm_eps must be a positive number, found \(raw)")
            }
            eps = Float(value)
        }
        let config = BertConfig(
            hiddenSize: try int("hidden_size"), layers: try int("num_hidden_layers"),
            heads: try int("num_attention_heads"), intermediateSize: try int("intermediate_size"),
            activation: activation, layerNormEps: eps,
            maxPositions: try int("max_position_embeddings", default: 512),
            typeVocabSize: try int("type_vocab_size", default: 2), vocabSize: try int("vocab_size"),
            nameOrPath: json["_name_or_path"] as? String)
        guard config.hiddenSize % config.heads == 0 else {
            throw ModelLoadError("\(source): num_attention_heads \(config.heads) does not divide hidden_size \(config.hiddenSize)")
        }
        return config
    }
}
