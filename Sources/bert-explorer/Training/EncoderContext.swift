import Encoder
import Foundation
import Training
import WordPiece

/// The frozen encoder, its tokenizer, pooler and fingerprint, and the feature pipeline over them.
struct EncoderContext {
    let directory: URL
    let model: BertModel
    let fingerprint: EncoderFingerprint
    let pipeline: FeaturePipeline

    init(directory: URL, useCache: Bool = true) throws {
        self.directory = directory
        (model, fingerprint, pipeline) = try CommandFailure.wrap {
            let model = try BertModel.load(directory: directory)
            let tokenizer = try BertTokenizer.load(directory: directory)
            let pooler = try PoolerWeights.load(model: model)
            let fingerprint = EncoderFingerprint.of(directory: directory)
            let extractor = FeatureExtractor(model: model, tokenizer: tokenizer, pooler: pooler)
            return (model, fingerprint, FeaturePipeline(extractor: extractor, encoderFingerprint: fingerprint,
                                                        cache: FeatureCache(), useCache: useCache))
        }
    }

    /// Throws when `pooling` needs a pooler the checkpoint lacks, or reads another layer than the last.
    func checkPooling(_ pooling: Pooling, layers: [Int]) throws {
        guard pooling == .pooler else { return }
        guard pipeline.extractor.pooler != nil else {
            throw CommandFailure("--pool pooler: \(directory.path)/model.safetensors has no pooler (pooler.dense.weight); use --pool cls or mean")
        }
        guard layers == [model.config.layers] else {
            throw CommandFailure("--pool pooler reads the last layer (\(model.config.layers)) only; drop --layer or use --pool cls")
        }
    }

    /// Features of `dataset`, with the progress bar on stderr when it is a terminal.
    func features(_ dataset: Dataset, columns: DataColumns, layers: [Int], pooling: Pooling) throws -> (table: FeatureTable, cached: Bool, seconds: Double) {
        let bar = FeatureProgressBar(label: "features")
        let started = Date()
        let result = try CommandFailure.wrap {
            try pipeline.features(dataset, columns: columns, layers: layers, pooling: pooling) { bar.update($0, of: $1) }
        }
        bar.finish()
        return (result.table, result.cached, Date().timeIntervalSince(started))
    }
}
