import Encoder
import Foundation
import Heads
import Training
import WordPiece

/// A head trained by `train`, run on the frozen encoder it was trained on.
struct TrainedHeadClassifier: ClassifierSource {
    let head: TrainedHead
    let extractor: FeatureExtractor

    /// Loads `headDirectory` and checks it against the encoder in `context`.
    init(headDirectory: URL, context: EncoderContext) throws {
        let head = try CommandFailure.wrap { try TrainedHead.load(directory: headDirectory) }
        try CommandFailure.wrap {
            try head.requireEncoder(name: context.model.name, fingerprint: context.fingerprint,
                                    hiddenSize: context.model.config.hiddenSize, layers: context.model.config.layers,
                                    directory: headDirectory)
        }
        self.head = head
        extractor = context.pipeline.extractor
        if head.metadata.pooling == .pooler, head.metadata.task == .sentence, extractor.pooler == nil {
            throw CommandFailure("\(headDirectory.path)/head.json: reads the pooler, which \(context.directory.path) lacks")
        }
    }

    var labels: [String] { head.metadata.labels }
    var perToken: Bool { head.metadata.task == .token }

    /// The texts' features come from stacked passes across every core.
    func classify(_ texts: [String], pair: String?) throws -> [ClassifierOutput] {
        let features = try CommandFailure.wrap {
            try extractor.features(texts: texts, pair: pair, task: head.metadata.task, layers: [head.metadata.layer],
                                   pooling: head.metadata.pooling)
        }
        return features.map { ClassifierOutput(encoding: $0.encoding, results: head.classifications($0.vectors[0])) }
    }
}
