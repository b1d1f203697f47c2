import Foundation

/// A BERT encoder loaded from a Hugging Face directory (`config.json` + `model.safetensors`), run on the CPU
/// in float32 with every layer's attention probabilities and hidden states captured.
///
/// Immutable after loading, so one instance may serve concurrent `forward` calls.
public final class BertModel: Sendable {
    public let config: BertConfig
    /// A display name: the directory's name, or `ORG/NAME` for a Hugging Face cache snapshot.
    public let name: String
    /// True when the weights were stored with a `bert.` prefix (a model with a task head).
    public let hasPrefix: Bool

    private let arena: WeightArena
    /// The word embeddings stay in the mapped file (only the rows of the tokens seen are ever read or resident).
    private let file: SafeTensorsFile
    private let wordEmbeddings: TensorInfo
    private let positionEmbeddings: Int
    private let tokenTypeEmbeddings: Int
    private let embeddingNormGamma: Int
    private let embeddingNormBeta: Int
    private let layerWeights: [LayerWeights]

    /// Loads `config.json` and `model.safetensors` from `directory`, converting every weight to float32.
    public static func load(directory: URL) throws -> BertModel {
        let config = try BertConfig.load(url: directory.appendingPathComponent("config.json"))
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        guard MappedFile.entryExists(weightsURL) else {
            throw ModelLoadError("no model.safetensors in \(directory.path) (PyTorch .bin checkpoints are not read; convert with save_pretrained(safe_serialization=True))")
        }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(url: weightsURL) } catch let error as SafeTensorsError {
            throw ModelLoadError("model.safetensors: \(error.description)")
        }
        do {
            return try BertModel(config: config, file: file, name: displayName(directory))
        } catch let error as ModelLoadError {
            throw ModelLoadError("model.safetensors: \(error.description)")  // errors name their file
        }
    }

    /// Builds a model from an opened safetensors file.
    public init(config: BertConfig, file: SafeTensorsFile, name: String) throws {
        self.config = config
        self.name = name
        // The process-wide BLAS set-up (it may set an environment variable and re-initialise OpenBLAS) runs on
        // the loading thread, before forward passes run on background threads.
        _ = BlasThreading.shared
        let d = config.hiddenSize, inner = config.intermediateSize
        let packed = Kernel.packedAvailable
        // An upper bound (all float32): pages left untouched when matrices stay 16-bit are never resident.
        let total = try Self.arenaSize(config, fileBytes: file.dataByteCount)
        let arena = WeightArena(count: total)
        var loader = WeightLoader(file: file, arena: arena)
        hasPrefix = !loader.prefix.isEmpty
        wordEmbeddings = try loader.info("embeddings.word_embeddings.weight", shape: [config.vocabSize, d])
        self.file = file
        positionEmbeddings = try loader.load("embeddings.position_embeddings.weight", shape: [config.maxPositions, d])
        tokenTypeEmbeddings = try loader.load("embeddings.token_type_embeddings.weight", shape: [config.typeVocabSize, d])
        embeddingNormGamma = try loader.load("embeddings.LayerNorm.weight", shape: [d])
        embeddingNormBeta = try loader.load("embeddings.LayerNorm.bias", shape: [d])
        var layers: [LayerWeights] = []
        for index in 0..<config.layers {
            let p = "encoder.layer.\(index)."
            var w = LayerWeights()
            w.qkvWeight = try loader.loadMatrix(["query", "key", "value"].map { p + "attention.self.\($0).weight" }, out: d, in: d, packed: packed)
            w.qkvBias = try loader.loadStacked(["query", "key", "value"].map { p + "attention.self.\($0).bias" }, shape: [d])
            w.attentionOutputWeight = try loader.loadMatrix([p + "attention.output.dense.weight"], out: d, in: d, packed: packed)
            w.attentionOutputBias = try loader.load(p + "attention.output.dense.bias", shape: [d])
            w.attentionNormGamma = try loader.load(p + "attention.output.LayerNorm.weight", shape: [d])
            w.attentionNormBeta = try loader.load(p + "attention.output.LayerNorm.bias", shape: [d])
            w.intermediateWeight = try loader.loadMatrix([p + "intermediate.dense.weight"], out: inner, in: d, packed: packed)
            w.intermediateBias = try loader.load(p + "intermediate.dense.bias", shape: [inner])
            w.outputWeight = try loader.loadMatrix([p + "output.dense.weight"], out: d, in: inner, packed: packed)
            w.outputBias = try loader.load(p + "output.dense.bias", shape: [d])
            w.outputNormGamma = try loader.load(p + "output.LayerNorm.weight", shape: [d])
            w.outputNormBeta = try loader.load(p + "output.LayerNorm.bias", shape: [d])
            layers.append(w)
        }
        precondition(loader.cursor <= total)
        layerWeights = layers
        self.arena = arena
    }

    /// Floats the arena needs for `config` (all float32: an upper bound), checked against the file before any
    /// allocation: a config whose sizes the file cannot hold (every weight takes at least 2 bytes) is refused
    /// here rather than by a failed multi-terabyte allocation.
    static func arenaSize(_ config: BertConfig, fileBytes: Int) throws -> Int {
        let d = config.hiddenSize, inner = config.intermediateSize
        let terms: [[Int]] = [[4, d, d], [2, d, inner], [9, d], [inner]]
        var perLayer = 0, total = 0, overflow = false
        func add(_ factors: [Int], to sum: inout Int) {
            var product = 1
            for factor in factors {
                let (p, o) = product.multipliedReportingOverflow(by: factor)
                product = p
                overflow = overflow || o
            }
            let (s, o) = sum.addingReportingOverflow(product)
            sum = s
            overflow = overflow || o
        }
        for term in terms { add(term, to: &perLayer) }
        add([config.maxPositions + config.typeVocabSize + 2, d], to: &total)
        add([config.layers, perLayer], to: &total)
        guard !overflow, total <= fileBytes / 2 else {
            throw ModelLoadError("model.safetensors (\(fileBytes) bytes of tensors) cannot hold the weights config.json describes (hidden_size \(d), intermediate_size \(inner), \(config.layers) layers, \(config.maxPositions) positions): tensors are missing or the sizes are wrong")
        }
        return total
    }

    static func displayName(_ directory: URL) -> String {
        let components = directory.standardizedFileURL.pathComponents
        if let index = components.lastIndex(of: "snapshots"), index > 0, components[index - 1].hasPrefix("models--") {
            return components[index - 1].dropFirst("models--".count).replacingOccurrences(of: "--", with: "/")
        }
        return directory.standardizedFileURL.lastPathComponent
    }

    /// Runs the encoder on one sequence (no padding) and captures every layer.
    ///
    /// Throws `EncoderInputError` for empty or over-long input or ids outside the vocabulary, and
    /// `CancellationError` if `isCancelled()` turns true (checked between layers).
    public func forward(ids: [Int], segments: [Int], isCancelled: () -> Bool = { false }) throws -> EncoderOutput {
        let t = ids.count
        guard t > 0 else { throw EncoderInputError("no tokens to encode") }
        guard t <= config.maxPositions else {
            throw EncoderInputError("\(t) tokens exceed the model's \(config.maxPositions) positions")
        }
        guard segments.count == t else {
            throw EncoderInputError("\(segments.count) segment ids for \(t) tokens")
        }
        if let bad = ids.first(where: { $0 < 0 || $0 >= config.vocabSize }) {
            throw EncoderInputError("token id \(bad) is outside the vocabulary (size \(config.vocabSize))")
        }
        if let bad = segments.first(where: { $0 < 0 || $0 >= config.typeVocabSize }) {
            throw EncoderInputError("segment id \(bad) is outside the token type vocabulary (size \(config.typeVocabSize))")
        }
        let d = config.hiddenSize, h = config.heads
        let padded = (t + 31) / 32 * 32, paddedSize = (config.headSize + 31) / 32 * 32
        let workspace = UnsafeMutablePointer<Float>.allocate(
            capacity: t * (4 * d + config.intermediateSize) + h * (padded * config.headSize + t * paddedSize))
        defer { workspace.deallocate() }

        var hiddenStates: [[Float]] = []
        var attentions: [[Float]] = []
        hiddenStates.reserveCapacity(config.layers + 1)
        attentions.reserveCapacity(config.layers)
        hiddenStates.append([Float](unsafeUninitializedCapacity: t * d) { buffer, count in
            embed(ids: ids, segments: segments, into: buffer.baseAddress!)
            count = t * d
        })
        for layer in 0..<config.layers {
            if isCancelled() { throw CancellationError() }
            var probabilities = [Float](unsafeUninitializedCapacity: h * t * t) { _, count in count = h * t * t }
            let output = [Float](unsafeUninitializedCapacity: t * d) { buffer, count in
                hiddenStates[layer].withUnsafeBufferPointer { input in
                    probabilities.withUnsafeMutableBufferPointer { probs in
                        encode(layer: layerWeights[layer], tokens: t, input: input.baseAddress!,
                               probabilities: probs.baseAddress!, output: buffer.baseAddress!, workspace: workspace)
                    }
                }
                count = t * d
            }
            hiddenStates.append(output)
            attentions.append(probabilities)
        }
        return EncoderOutput(layers: config.layers, heads: h, tokens: t, hiddenSize: d,
                             attentions: attentions, hiddenStates: hiddenStates)
    }

    /// Word + token type + position embeddings, then LayerNorm.
    private func embed(ids: [Int], segments: [Int], into out: UnsafeMutablePointer<Float>) {
        let d = config.hiddenSize
        let words = file.bytes(of: wordEmbeddings), size = wordEmbeddings.dtype.size
        let types = arena[tokenTypeEmbeddings], positions = arena[positionEmbeddings]
        for (t, id) in ids.enumerated() {
            let row = out + t * d, type = types + segments[t] * d, position = positions + t * d
            WeightLoader.convert(UnsafeRawBufferPointer(rebasing: words[(id * d * size)..<((id + 1) * d * size)]),
                                 dtype: wordEmbeddings.dtype, count: d, into: row)
            for i in 0..<d { row[i] = (row[i] + type[i]) + position[i] }
        }
        Kernels.layerNorm(out, rows: ids.count, n: d, gamma: arena[embeddingNormGamma],
                          beta: arena[embeddingNormBeta], eps: config.layerNormEps)
    }

    /// One encoder layer: self-attention (probabilities written to `probabilities` as `[head][query][key]`),
    /// output projection + residual + LayerNorm, feed-forward + residual + LayerNorm into `output`.
    private func encode(layer w: LayerWeights, tokens t: Int, input x: UnsafePointer<Float>,
                        probabilities: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>,
                        workspace: UnsafeMutablePointer<Float>) {
        let d = config.hiddenSize, heads = config.heads, size = config.headSize, inner = config.intermediateSize
        let qkv = workspace, context = workspace + 3 * t * d, hidden = context + t * d
        let threads = BlasThreading.shared

        // Products overwrite their output; biases are added to each column block as it finishes (in cache),
        // residuals afterwards.
        let qkvBias = arena[w.qkvBias]
        threads.multiply(m: t, a: x, lda: d, weights: w.qkvWeight, in: arena, c: qkv, ldc: 3 * d) { start, columns in
            for row in 0..<t { Kernels.add(qkvBias + start, count: columns, to: qkv + row * 3 * d + start) }
        }
        let scale = 1 / Float(size).squareRoot()
        if Kernel.packedAvailable && Kernel.vectorAvailable {
            // Keys and values of each head packed into 32-column panels for the packed kernel; the scaling is
            // applied inside the softmax.
            let padded = (t + 31) / 32 * 32, paddedSize = (size + 31) / 32 * 32
            let scratch = hidden + t * inner
            threads.parallel(heads, work: 2 * t * t * size * heads) { head in
                let keys = scratch + head * (padded * size + t * paddedSize), values = keys + padded * size
                let q = qkv + head * size, k = qkv + d + head * size, v = qkv + 2 * d + head * size
                Kernels.packTransposed(k, rows: t, columns: size, stride: 3 * d, into: keys)
                Kernels.pack(v, rows: t, columns: size, stride: 3 * d, into: values)
                let scores = probabilities + head * t * t
                Kernel.multiplyPacked(kind: 0, m: t, n: t, k: size, a: q, lda: 3 * d, packed: UnsafeRawPointer(keys),
                                      panels: 0..<(padded / 32), c: scores, ldc: t)
                Kernel.softmax(scores, rows: t, n: t, scale: scale)
                Kernel.multiplyPacked(kind: 0, m: t, n: size, k: t, a: scores, lda: t, packed: UnsafeRawPointer(values),
                                      panels: 0..<(paddedSize / 32), c: context + head * size, ldc: d)
            }
        } else {
            threads.parallel(heads, work: 2 * t * t * size * heads) { head in
                Gemm.multiply(m: t, n: t, k: size, alpha: scale, a: qkv + head * size, lda: 3 * d,
                              b: qkv + d + head * size, ldb: 3 * d, transposeB: true,
                              beta: 0, c: probabilities + head * t * t, ldc: t)
                Kernels.softmax(probabilities + head * t * t, rows: t, n: t)
                Gemm.multiply(m: t, n: size, k: t, a: probabilities + head * t * t, lda: t,
                              b: qkv + 2 * d + head * size, ldb: 3 * d, transposeB: false,
                              beta: 0, c: context + head * size, ldc: d)
            }
        }
        threads.multiply(m: t, a: context, lda: d, weights: w.attentionOutputWeight, in: arena, c: output, ldc: d)
        addAndNormalize(output, residual: x, bias: arena[w.attentionOutputBias], gamma: arena[w.attentionNormGamma],
                        beta: arena[w.attentionNormBeta], rows: t)

        let intermediateBias = arena[w.intermediateBias], activation = config.activation
        threads.multiply(m: t, a: output, lda: d, weights: w.intermediateWeight, in: arena, c: hidden, ldc: inner) { start, columns in
            for row in 0..<t {
                let block = hidden + row * inner + start
                Kernels.add(intermediateBias + start, count: columns, to: block)
                Kernels.activate(block, count: columns, activation)
            }
        }
        let projected = qkv
        threads.multiply(m: t, a: hidden, lda: inner, weights: w.outputWeight, in: arena, c: projected, ldc: d)
        addAndNormalize(output, residual: projected, bias: arena[w.outputBias], gamma: arena[w.outputNormGamma],
                        beta: arena[w.outputNormBeta], rows: t)
    }

    /// `LayerNorm(output + bias + residual)` row by row, in place; long inputs are split over the pool by rows.
    private func addAndNormalize(_ output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>,
                                 bias: UnsafePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                                 rows: Int) {
        let d = config.hiddenSize, eps = config.layerNormEps
        let pieces = rows >= 64 ? 4 : 1
        BlasThreading.shared.parallel(pieces, work: pieces > 1 ? rows * d * 8 : 0) { piece in
            let first = rows * piece / pieces, count = rows * (piece + 1) / pieces - first
            Kernels.addResidual(residual + first * d, bias: bias, n: d, rows: count, to: output + first * d)
            Kernels.layerNorm(output + first * d, rows: count, n: d, gamma: gamma, beta: beta, eps: eps)
        }
    }
}
