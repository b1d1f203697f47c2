import SafeText
import Foundation

/// The fields of a Hugging Face `config.json` that the encoder uses, for every supported `model_type`
/// (`Architecture`); DistilBERT's own key names are read by `parseDistilBERT`.
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
    public var architecture: Architecture
    /// Width of the embeddings (ELECTRA's `embedding_size`); when it differs from `hiddenSize` a learned
    /// projection maps them to the hidden size.
    public var embeddingSize: Int

    /// `typeVocabSize` 0 means the model has no segment (token type) embeddings (DistilBERT).
    public init(hiddenSize: Int, layers: Int, heads: Int, intermediateSize: Int, activation: Activation = .gelu,
                layerNormEps: Float = 1e-12, maxPositions: Int = 512, typeVocabSize: Int = 2, vocabSize: Int,
                nameOrPath: String? = nil, architecture: Architecture = .bert, embeddingSize: Int? = nil) {
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
        self.architecture = architecture
        self.embeddingSize = embeddingSize ?? hiddenSize
    }

    public var headSize: Int { hiddenSize / heads }
    /// False for families without segment embeddings, whose forward pass ignores segment ids.
    public var hasTokenTypes: Bool { typeVocabSize > 0 }

    /// Reads and validates `config.json`.
    public static func load(url: URL) throws -> BertConfig {
        let data: Data
        do {
            let file = try MappedFile(url: url)  // a regular file only: a FIFO must not block the load
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
            throw ModelLoadError("\(source) has no model_type; expected one of \(supportedTypes)")
        }
        guard let architecture = Architecture(rawValue: modelType) else {
            throw ModelLoadError("\(source): model_type \"\(TerminalText.escaped(modelType))\" is not supported (\(supportedTypes))")
        }
        let fields = ConfigFields(json: json, source: source)
        let config: BertConfig
        switch architecture {
        case .bert, .electra:
            if let kind = json["position_embedding_type"] as? String, kind != "absolute" {
                throw ModelLoadError("\(source): position_embedding_type \"\(kind)\" is not supported; only \"absolute\"")
            }
            let hidden = try fields.int("hidden_size")
            config = BertConfig(
                hiddenSize: hidden, layers: try fields.int("num_hidden_layers"),
                heads: try fields.int("num_attention_heads"), intermediateSize: try fields.int("intermediate_size"),
                activation: try fields.activation("hidden_act"), layerNormEps: try fields.positive("layer_norm_eps", default: 1e-12),
                maxPositions: try fields.int("max_position_embeddings", default: 512),
                typeVocabSize: try fields.int("type_vocab_size", default: 2), vocabSize: try fields.int("vocab_size"),
                nameOrPath: fields.nameOrPath, architecture: architecture,
                embeddingSize: architecture == .electra ? try fields.int("embedding_size", default: hidden) : hidden)
        case .distilbert:
            config = try parseDistilBERT(fields)
        }
        guard config.hiddenSize % config.heads == 0 else {
            let (heads, hidden) = architecture == .distilbert ? ("n_heads", "dim") : ("num_attention_heads", "hidden_size")
            throw ModelLoadError("\(source): \(heads) \(config.heads) does not divide \(hidden) \(config.hiddenSize)")
        }
        return config
    }

    private static var supportedTypes: String { Architecture.allCases.map(\.rawValue).joined(separator: ", ") }
}
