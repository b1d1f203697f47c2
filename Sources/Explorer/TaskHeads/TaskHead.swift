import Encoder
import Foundation
import Heads
import SafeText
import Training
import WordPiece

/// A head trained by `bert-explorer train` (`--head DIR`), checked against the explorer's encoder and run on
/// the hidden states of the explorer's own forward pass, with exactly the features it was trained on.
public struct TaskHead: Sendable {
    /// The head directory's name, escaped for the terminal.
    public let name: String
    public let trained: TrainedHead
    /// The checkpoint's pooler, for a head trained with `--pool pooler`.
    let pooler: PoolerWeights?

    public init(name: String, trained: TrainedHead, pooler: PoolerWeights?) {
        self.name = TerminalText.escaped(name)
        self.trained = trained
        self.pooler = pooler
    }

    public var metadata: HeadMetadata { trained.metadata }
    public var labels: [String] { trained.metadata.labels }
    public var isTokenTask: Bool { trained.metadata.task == .token }

    /// Loads `directory` and refuses it (one line naming the file) unless it was trained on `model` (the weights
    /// of `modelDirectory`, whose content hash is `fingerprint`) and, for `--pool pooler`, the model has a pooler.
    public static func load(directory: URL, modelDirectory: URL, model: BertModel, fingerprint: EncoderFingerprint) throws -> TaskHead {
        let trained = try TrainedHead.load(directory: directory)
        try trained.requireEncoder(name: model.name, fingerprint: fingerprint, hiddenSize: model.config.hiddenSize,
                                   layers: model.config.layers, directory: directory)
        var pooler: PoolerWeights?
        if trained.metadata.task == .sentence, trained.metadata.pooling == .pooler {
            pooler = try PoolerWeights.load(model: model)
            guard pooler != nil else {
                throw HeadLoadError("\(directory.appendingPathComponent("head.json").path): reads the pooler, which \(modelDirectory.path)/model.safetensors lacks")
            }
        }
        return TaskHead(name: directory.standardizedFileURL.lastPathComponent, trained: trained, pooler: pooler)
    }

    /// The tokens a token-task head labels: the first sub-word of each word (special tokens and `##` pieces
    /// get none), as training put each word's label on its first sub-word.
    static func wordStarts(_ tokens: [Token]) -> [Int] {
        tokens.indices.filter { !tokens[$0].isSpecial && !tokens[$0].isContinuation }
    }

    /// The head's scores for one forward pass: one classification (sentence task) or one per word start, or
    /// nil when the pass did not keep the layer the head reads or its size differs.
    func predict(_ output: EncoderOutput, tokens: [Token]) -> TaskPrediction? {
        let positions = isTokenTask ? Self.wordStarts(tokens) : [0]
        let layer = metadata.layer, d = output.hiddenSize
        guard output.hiddenStateLayers.contains(layer), d == trained.parameters.features, output.tokens > 0,
              positions.allSatisfy({ $0 < output.tokens }) else { return nil }
        let rows = output.hiddenStates[layer - output.hiddenStateLayers.lowerBound].withUnsafeBufferPointer {
            FeatureExtractor.rows(states: $0.baseAddress!, tokens: output.tokens, hiddenSize: d, task: metadata.task,
                                  positions: positions, pooling: metadata.pooling, pooler: pooler)
        }
        guard !rows.isEmpty else { return TaskPrediction(positions: [], results: []) }
        return TaskPrediction(positions: isTokenTask ? positions : [], results: trained.classifications(rows))
    }
}
