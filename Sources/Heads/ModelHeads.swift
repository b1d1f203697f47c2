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
        let tasks = Task.detect(config: config, tensors: tensors)
        return ModelHeads(
            config: config,
            maskedLM: tasks.contains(.maskedLM) ? try MaskedLMHead.load(config: config, tensors: tensors) : nil,
            sequenceClassifier: tasks.contains(.sequence) ? try SequenceClassifierHead.load(config: config, tensors: tensors) : nil,
            tokenClassifier: tasks.contains(.token) ? try TokenClassifierHead.load(config: config, tensors: tensors) : nil,
            replacedToken: tasks.contains(.replaced) ? try ReplacedTokenHead.load(config: config, tensors: tensors) : nil)
    }

    /// Which heads to load: named by `architectures` when the config has it (then its tensors must be there),
    /// otherwise recognised by the tensors stored.
    enum Task: CaseIterable {
        case maskedLM, sequence, token, replaced

        static func detect(config: HeadConfig, tensors: HeadTensors) -> Set<Task> {
            if let architecture = config.architecture {
                switch true {
                case architecture.hasSuffix("ForMaskedLM"), architecture == "BertForPreTraining",
                     architecture == "BertLMHeadModel":
                    return [.maskedLM]
                case architecture.hasSuffix("ForSequenceClassification"): return [.sequence]
                case architecture.hasSuffix("ForTokenClassification"): return [.token]
                case architecture == "ElectraForPreTraining": return [.replaced]
                default: return []
                }
            }
            let markers: [(String, Task)] = [
                ("cls.predictions.transform.dense.weight", .maskedLM), ("vocab_transform.weight", .maskedLM),
                ("generator_predictions.dense.weight", .maskedLM),
                ("discriminator_predictions.dense.weight", .replaced),
                ("pre_classifier.weight", .sequence), ("classifier.out_proj.weight", .sequence),
            ]
            var found = Set(markers.filter { tensors.contains($0.0) }.map(\.1))
            if tensors.contains("classifier.weight") && !found.contains(.sequence) {
                found.insert(tensors.contains("bert.pooler.dense.weight") ? .sequence : .token)
            }
            return found
        }
    }
}
