import Encoder
import Foundation

/// The task heads a checkpoint carries, found from `config.json` (`model_type`, `architectures`, `id2label`)
/// and its tensors. A bare encoder (`BertModel`, sentence-transformers) has none.
public struct ModelHeads: Sendable {
    public let config: HeadConfig
    public let maskedLM: MaskedLMHead?
    public let sequenceClassifier: SequenceClassifierHead?
    public let tokenClassifier: TokenClassifierHead?
    public let replacedToken: ReplacedTokenHead?

    /// What the checkpoint is (`architectures[0]`, or `model_type` when the config names none).
    public var architecture: String { config.architecture ?? config.modelType }

    public var isEmpty: Bool {
        maskedLM == nil && sequenceClassifier == nil && tokenClassifier == nil && replacedToken == nil
    }

    public init(config: HeadConfig, maskedLM: MaskedLMHead? = nil, sequenceClassifier: SequenceClassifierHead? = nil,
                tokenClassifier: TokenClassifierHead? = nil, replacedToken: ReplacedTokenHead? = nil) {
        self.config = config
        self.maskedLM = maskedLM
        self.sequenceClassifier = sequenceClassifier
        self.tokenClassifier = tokenClassifier
        self.replacedToken = replacedToken
    }

    /// Loads the heads of the model in `directory` (`config.json` + `model.safetensors`).
    public static func load(directory: URL) throws -> ModelHeads {
        let config = try HeadConfig.load(url: directory.appendingPathComponent("config.json"))
        return try load(config: config, tensors: TensorStore.open(directory: directory))
    }

    /// Loads the heads from a checkpoint's tensors (e.g. `BertModel.tensors`, so the file is opened once).
    public static func load(config: HeadConfig, tensors store: TensorStore) throws -> ModelHeads {
        let tensors = HeadTensors(store: store)
        let kinds = HeadKind.detect(config: config, tensors: tensors)
        return ModelHeads(
            config: config,
            maskedLM: kinds.contains(.maskedLM) ? try MaskedLMHead.load(config: config, tensors: tensors) : nil,
            sequenceClassifier: kinds.contains(.sequence) ? try SequenceClassifierHead.load(config: config, tensors: tensors) : nil,
            tokenClassifier: kinds.contains(.token) ? try TokenClassifierHead.load(config: config, tensors: tensors) : nil,
            replacedToken: kinds.contains(.replaced) ? try ReplacedTokenHead.load(config: config, tensors: tensors) : nil)
    }
}
