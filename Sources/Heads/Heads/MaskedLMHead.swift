import Encoder
import Foundation

/// A masked-LM head: `dense → activation → LayerNorm → decoder + bias` over the vocabulary.
///
/// BERT (`cls.predictions.*`), DistilBERT (`vocab_transform`, `vocab_layer_norm`, `vocab_projector`) and the
/// ELECTRA generator (`generator_predictions`, `generator_lm_head`, projecting to `embedding_size`) share this
/// shape. The decoder is the word-embedding matrix unless `tie_word_embeddings` is false.
///
/// The head runs only on the rows asked for (a few positions, or one position at every layer): at bert-base size
/// each row costs a 768 × 30,522 product, so the whole sequence at every layer would be wasted work.
public struct MaskedLMHead: Sendable {
    public let vocabSize: Int
    /// Width of the hidden states the head reads.
    public let hiddenSize: Int
    let transform: DenseLayer
    let activation: HeadActivation
    let normGamma: [Float]
    let normBeta: [Float]
    let eps: Float
    /// `[vocab][embedding]`.
    let decoder: [Float]
    let decoderBias: [Float]

    /// Rows put through the decoder at once (bounds the logits buffer to `rows × vocab` floats).
    static let batchRows = 64

    static func load(config: HeadConfig, tensors: HeadTensors) throws -> MaskedLMHead {
        let h = config.hiddenSize, v = config.vocabSize
        let transform: String, norm: String, decoder: String, biases: [String], embeddings: String
        var activationName = config.activationName, eps = config.layerNormEps, e = h
        switch config.modelType {
        case "distilbert":
            (transform, norm, decoder, biases) = ("vocab_transform", "vocab_layer_norm", "vocab_projector.weight", ["vocab_projector.bias"])
            embeddings = "distilbert.embeddings.word_embeddings.weight"
            eps = 1e-12
        case "electra":
            (transform, norm, decoder, biases) = ("generator_predictions.dense", "generator_predictions.LayerNorm", "generator_lm_head.weight", ["generator_lm_head.bias"])
            embeddings = "electra.embeddings.word_embeddings.weight"
            activationName = "gelu"
            e = config.embeddingSize
        default:
            // The decoder's own bias is what transformers adds; it is tied to `cls.predictions.bias` (and often
            // not stored) unless the decoder is untied.
            let own = ["cls.predictions.decoder.bias", "cls.predictions.bias"]
            (transform, norm, decoder, biases) = ("cls.predictions.transform.dense", "cls.predictions.transform.LayerNorm", "cls.predictions.decoder.weight", config.tiesWordEmbeddings ? own.reversed() : own)
            embeddings = tensors.contains("bert.embeddings.word_embeddings.weight") ? "bert.embeddings.word_embeddings.weight" : "embeddings.word_embeddings.weight"
        }
        guard let activation = HeadActivation(configName: activationName) else {
            throw HeadLoadError("config.json: activation \"\(activationName.prefix(40))\" is not supported by the masked-LM head")
        }
        return MaskedLMHead(
            vocabSize: v, hiddenSize: h,
            transform: try tensors.dense(transform, inputs: h, outputs: e), activation: activation,
            normGamma: try tensors.floats([norm + ".weight", norm + ".gamma"], shape: [e]),
            normBeta: try tensors.floats([norm + ".bias", norm + ".beta"], shape: [e]), eps: eps,
            decoder: try tensors.floats(config.tiesWordEmbeddings ? embeddings : decoder, shape: [v, e]),
            decoderBias: try tensors.floats(biases, shape: [v]))
    }

    /// The `topK` most probable vocabulary entries for each query, in query order.
    ///
    /// Every query's layer must be among the captured hidden states and its position in `0..<output.tokens`.
    public func predict(_ output: EncoderOutput, queries: [MaskedLMQuery], topK: Int) -> [MaskedLMPrediction] {
        precondition(output.hiddenSize == hiddenSize, "hidden size \(output.hiddenSize) does not match the head's \(hiddenSize)")
        let k = max(0, min(topK, vocabSize)), h = hiddenSize, e = transform.outputs
        var results: [MaskedLMPrediction] = []
        results.reserveCapacity(queries.count)
        for start in stride(from: 0, to: queries.count, by: Self.batchRows) {
            let batch = queries[start..<min(start + Self.batchRows, queries.count)]
            var rows = [Float](repeating: 0, count: batch.count * h)
            for (row, query) in batch.enumerated() {
                guard let state = output.state(layer: query.layer), (0..<output.tokens).contains(query.position) else {
                    preconditionFailure("no hidden state for layer \(query.layer), position \(query.position)")
                }
                let offset = query.position * h
                for i in 0..<h { rows[row * h + i] = state[offset + i] }
            }
            var transformed = transform.apply(rows, rows: batch.count)
            transformed.withUnsafeMutableBufferPointer { buffer in
                activation.apply(buffer.baseAddress!, count: buffer.count)
                HeadMath.layerNorm(buffer.baseAddress!, rows: batch.count, n: e, gamma: normGamma, beta: normBeta, eps: eps)
            }
            let logits = [Float](unsafeUninitializedCapacity: batch.count * vocabSize) { buffer, count in
                transformed.withUnsafeBufferPointer { a in
                    decoder.withUnsafeBufferPointer { b in
                        HeadMath.multiplyTransposed(m: batch.count, n: vocabSize, k: e, a: a.baseAddress!,
                                                    b: b.baseAddress!, c: buffer.baseAddress!)
                    }
                }
                count = batch.count * vocabSize
            }
            for (row, query) in batch.enumerated() {
                let top = logits.withUnsafeBufferPointer { Self.top(k, of: $0.baseAddress! + row * vocabSize, bias: decoderBias) }
                results.append(MaskedLMPrediction(layer: query.layer, position: query.position, top: top))
            }
        }
        return results
    }

    /// The `k` largest of `logits + bias` with their softmax probabilities (ties: the lower id first).
    static func top(_ k: Int, of logits: UnsafePointer<Float>, bias: [Float]) -> [TokenPrediction] {
        let n = bias.count
        var best: [(logit: Float, id: Int)] = []
        best.reserveCapacity(k + 1)
        var maximum = -Float.infinity
        for i in 0..<n {
            let value = logits[i] + bias[i]
            maximum = max(maximum, value)
            guard k > 0, best.count < k || value > best[best.count - 1].logit else { continue }
            var index = best.count
            while index > 0 && best[index - 1].logit < value { index -= 1 }
            best.insert((value, i), at: index)
            if best.count > k { best.removeLast() }
        }
        var sum: Float = 0
        for i in 0..<n { sum += exp((logits[i] + bias[i]) - maximum) }
        return best.map { TokenPrediction(id: $0.id, probability: exp($0.logit - maximum) / sum) }
    }
}
