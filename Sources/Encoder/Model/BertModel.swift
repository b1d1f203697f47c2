import Foundation

/// A BERT-family encoder (BERT, DistilBERT, ELECTRA: `Architecture`) loaded from a Hugging Face directory
/// (`config.json` + the checkpoint `TensorStore.open` finds), run on the CPU in float32 as one generic
/// post-LayerNorm encoder; `forward` keeps what its `CaptureOptions` ask for.
///
/// Immutable after loading, so one instance may serve concurrent `forward` calls.
public final class BertModel: Sendable {
    public let config: BertConfig
    /// A display name: the directory's name, or `ORG/NAME` for a Hugging Face cache snapshot.
    public let name: String
    /// True when the base model's weights were stored under a prefix (`bert.`, `distilbert.`, `electra.`: a
    /// checkpoint with a task head).
    public let hasPrefix: Bool
    /// The checkpoint's tensors, looked up under the base model's prefix; `tensors.withPrefix("")` reaches the
    /// task heads' tensors (`cls.predictions.*`, `vocab_projector.*`, `generator_lm_head.*`, `classifier.*`).
    public let tensors: TensorStore
    /// The word embedding matrix `[vocab, embeddingSize]`, read in place from the checkpoint (only the rows of
    /// the tokens seen are ever read or resident); a tied masked-LM decoder reads it too.
    public let wordEmbeddings: StoredTensor

    /// The kernels this model runs on; its weight matrices are stored in this backend's layout.
    public let backend: KernelBackend

    /// The family, for display (`bert`, `distilbert`, `electra`).
    public var architecture: Architecture { config.architecture }

    private let arena: WeightArena
    private let positionEmbeddings: Int
    /// Nil for families without segment embeddings.
    private let tokenTypeEmbeddings: Int?
    private let embeddingNormGamma: Int
    private let embeddingNormBeta: Int
    /// ELECTRA's embedding-to-hidden projection, when the sizes differ.
    private let embeddingProjection: (weight: WeightMatrix, bias: Int)?
    private let layerWeights: [LayerWeights]
    private let valueNormGrams: ValueNormGrams

    private var attention: SelfAttention { SelfAttention(heads: config.heads, headSize: config.headSize, backend: backend) }

    /// Loads `config.json` and the checkpoint from `directory`, with weights laid out for `backend` (which
    /// must be available on this machine). Weights are converted to float32, except that 16-bit matrices stay
    /// 16-bit when the backend's kernel widens them itself.
    public static func load(directory: URL, backend: KernelBackend = .preferred) throws -> BertModel {
        let config = try BertConfig.load(url: directory.appendingPathComponent("config.json"))
        return try BertModel(config: config, tensors: TensorStore.open(directory: directory), name: displayName(directory),
                             backend: backend)
    }

    /// Builds a model from an opened safetensors file.
    public convenience init(config: BertConfig, file: SafeTensorsFile, name: String, backend: KernelBackend = .preferred) throws {
        try self.init(config: config, tensors: TensorStore(label: "model.safetensors", sources: [("model.safetensors", file)]),
                      name: name, backend: backend)
    }

    /// Builds a model from a checkpoint's tensors (looked up with or without the architecture's prefix).
    public init(config: BertConfig, tensors store: TensorStore, name: String, backend: KernelBackend = .preferred) throws {
        precondition(backend.isAvailable, "kernel backend \(backend) is not available on this machine")
        self.config = config
        self.name = name
        self.backend = backend
        let names = config.architecture.tensorNames
        let plan = LoadPlan.encoder(config, names: names)
        try Self.checkFileCanHold(plan, config, store: store)
        let prefix = store.detectPrefix(of: names.wordEmbeddings, among: [names.prefix]) ?? ""
        let tensors = store.withPrefix(prefix)
        hasPrefix = !prefix.isEmpty
        self.tensors = tensors
        wordEmbeddings = try tensors.require(names.wordEmbeddings, shape: [config.vocabSize, config.embeddingSize])
        let weights = try WeightLoader(store: tensors).load(plan, backend: backend)
        positionEmbeddings = weights.vector(.positionEmbeddings)
        tokenTypeEmbeddings = weights.offsets[.tokenTypeEmbeddings]
        embeddingNormGamma = weights.vector(.embeddingNormWeight)
        embeddingNormBeta = weights.vector(.embeddingNormBias)
        if let matrix = weights.matrices[.embeddingProjectionWeight] {
            embeddingProjection = (matrix, weights.vector(.embeddingProjectionBias))
        } else {
            embeddingProjection = nil
        }
        layerWeights = (0..<config.layers).map { LayerWeights(weights, layer: $0) }
        valueNormGrams = ValueNormGrams(layers: config.layers)
        arena = weights.arena
    }

    /// Refuses, before anything is allocated or looked up, a config whose sizes the file cannot hold (every
    /// weight takes at least 2 bytes), rather than failing a multi-terabyte allocation.
    static func checkFileCanHold(_ plan: LoadPlan, _ config: BertConfig, store: TensorStore) throws {
        guard let elements = plan.declaredElements, elements <= store.dataByteCount / 2 else {
            throw ModelLoadError("\(store.label) (\(store.dataByteCount) bytes of tensors) cannot hold the weights config.json describes (hidden_size \(config.hiddenSize), intermediate_size \(config.intermediateSize), \(config.layers) layers, \(config.maxPositions) positions): tensors are missing or the sizes are wrong")
        }
    }

    static func displayName(_ directory: URL) -> String {
        let components = directory.standardizedFileURL.pathComponents
        if let index = components.lastIndex(of: "snapshots"), index > 0, components[index - 1].hasPrefix("models--") {
            return components[index - 1].dropFirst("models--".count).replacingOccurrences(of: "--", with: "/")
        }
        return directory.standardizedFileURL.lastPathComponent
    }

    /// Runs the encoder on one sequence (no padding), keeping what `capture` asks for.
    ///
    /// Families without segment embeddings (DistilBERT) ignore `segments` (it must still have one id per token).
    /// Throws `EncoderInputError` for empty or over-long input or ids outside the vocabulary, and
    /// `CancellationError` if `isCancelled()` turns true (checked between layers).
    public func forward(ids: [Int], segments: [Int], capture: CaptureOptions = .standard,
                        isCancelled: () -> Bool = { false }) throws -> EncoderOutput {
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
        if config.hasTokenTypes, let bad = segments.first(where: { $0 < 0 || $0 >= config.typeVocabSize }) {
            throw EncoderInputError("segment id \(bad) is outside the token type vocabulary (size \(config.typeVocabSize))")
        }
        let d = config.hiddenSize, h = config.heads, size = config.headSize, layers = config.layers
        // Layer workspace, then two states to alternate between when not every state is kept, then one layer's
        // attention probabilities when they are not kept.
        let workspaceSize = t * (4 * d + config.intermediateSize) + attention.scratchFloats(tokens: t)
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: workspaceSize + 2 * t * d + h * t * t)
        defer { workspace.deallocate() }
        let alternating = workspace + workspaceSize, scratchProbabilities = alternating + 2 * t * d

        let attentions = capture.attentions ? LayerStack(layers: layers, layerSize: h * t * t) : .empty
        let kept: Range<Int>
        switch capture.hiddenStates {
        case .all: kept = 0..<(layers + 1)
        case .last: kept = layers..<(layers + 1)
        case .none: kept = 0..<0
        }
        let hiddenStates = LayerStack(layers: kept.count, layerSize: t * d)
        func state(_ index: Int) -> UnsafeMutablePointer<Float> {
            kept.contains(index) ? hiddenStates.pointer(layer: index - kept.lowerBound) : alternating + (index % 2) * t * d
        }
        func stack(_ wanted: Bool, _ layerSize: Int) -> LayerStack {
            wanted ? LayerStack(layers: layers, layerSize: layerSize) : .empty
        }
        let queries = stack(capture.queryKeyValue, h * t * size), keys = stack(capture.queryKeyValue, h * t * size)
        let values = stack(capture.queryKeyValue, h * t * size), valueNorms = stack(capture.valueNorms, h * t)

        embed(ids: ids, segments: segments, into: state(0))
        var firstNonFinite: Int? = RowOperations.allFinite(state(0), count: t * d) ? nil : 0
        for layer in 0..<layers {
            if isCancelled() { throw CancellationError() }
            let captured = LayerCapture(
                queries: capture.queryKeyValue ? queries.pointer(layer: layer) : nil,
                keys: capture.queryKeyValue ? keys.pointer(layer: layer) : nil,
                values: capture.queryKeyValue ? values.pointer(layer: layer) : nil,
                valueNorms: capture.valueNorms ? valueNorms.pointer(layer: layer) : nil)
            encode(layer: layer, tokens: t, input: state(layer),
                   probabilities: capture.attentions ? attentions.pointer(layer: layer) : scratchProbabilities,
                   keepProbabilities: capture.attentions, output: state(layer + 1), workspace: workspace,
                   capture: captured)
            if firstNonFinite == nil && !RowOperations.allFinite(state(layer + 1), count: t * d) { firstNonFinite = layer + 1 }
        }
        return EncoderOutput(layers: layers, heads: h, tokens: t, hiddenSize: d, attentions: attentions,
                             hiddenStates: hiddenStates, hiddenStateLayers: kept, queries: queries, keys: keys,
                             values: values, valueNorms: valueNorms, firstNonFiniteLayer: firstNonFinite)
    }

    /// Word + token type (when the family has them) + position embeddings, then LayerNorm, then the embedding
    /// projection (when the family has one), into `out` (`tokens × hiddenSize`).
    private func embed(ids: [Int], segments: [Int], into out: UnsafeMutablePointer<Float>) {
        let e = config.embeddingSize, t = ids.count
        let rows = embeddingProjection == nil ? out : UnsafeMutablePointer<Float>.allocate(capacity: t * e)
        defer { if rows != out { rows.deallocate() } }
        let positions = arena[positionEmbeddings]
        for (index, id) in ids.enumerated() {
            let row = rows + index * e, position = positions + index * e
            wordEmbeddings.convertRow(id, into: row)
            if let tokenTypeEmbeddings {
                let type = arena[tokenTypeEmbeddings] + segments[index] * e
                for i in 0..<e { row[i] = (row[i] + type[i]) + position[i] }
            } else {
                for i in 0..<e { row[i] += position[i] }
            }
        }
        RowOperations.layerNorm(rows, rows: t, n: e, gamma: arena[embeddingNormGamma],
                          beta: arena[embeddingNormBeta], eps: config.layerNormEps)
        if let (weight, bias) = embeddingProjection {
            ProductScheduler.shared.multiply(m: t, a: rows, lda: e, weights: weight, in: arena, bias: arena[bias], c: out,
                                             ldc: config.hiddenSize)
        }
    }

    /// One encoder layer: self-attention (probabilities written to `probabilities` as `[head][query][key]`),
    /// output projection + residual + LayerNorm, feed-forward + residual + LayerNorm into `output`.
    private func encode(layer index: Int, tokens t: Int, input x: UnsafePointer<Float>,
                        probabilities: UnsafeMutablePointer<Float>, keepProbabilities: Bool,
                        output: UnsafeMutablePointer<Float>,
                        workspace: UnsafeMutablePointer<Float>, capture: LayerCapture) {
        let w = layerWeights[index]
        let d = config.hiddenSize, heads = config.heads, size = config.headSize, inner = config.intermediateSize
        let qkv = workspace, context = workspace + 3 * t * d, hidden = context + t * d
        let threads = ProductScheduler.shared

        // Products overwrite their output with product + bias (added as each block is stored, in cache); residuals
        // are added afterwards, as PyTorch sums them: (product + bias) + residual.
        threads.multiply(m: t, a: x, lda: d, weights: w.qkvWeight, in: arena, bias: arena[w.qkvBias], c: qkv, ldc: 3 * d)
        capture.record(qkv: qkv, tokens: t, heads: heads, headSize: size, backend: backend) {
            valueNormGrams.grams(layer: index, heads: heads, headSize: size, attentionOutput: w.attentionOutputWeight,
                                 arena: arena, backend: backend)
        }
        attention.run(qkv: qkv, tokens: t, probabilities: probabilities, keepProbabilities: keepProbabilities,
                      context: context, scratch: hidden + t * inner, scheduler: threads)
        threads.multiply(m: t, a: context, lda: d, weights: w.attentionOutputWeight, in: arena,
                         bias: arena[w.attentionOutputBias], c: output, ldc: d)
        addAndNormalize(output, residual: x, gamma: arena[w.attentionNormGamma], beta: arena[w.attentionNormBeta], rows: t)

        let activation = config.activation
        threads.multiply(m: t, a: output, lda: d, weights: w.intermediateWeight, in: arena, bias: arena[w.intermediateBias],
                         c: hidden, ldc: inner) { start, columns in
            for row in 0..<t { backend.activate(hidden + row * inner + start, count: columns, activation) }
        }
        let projected = qkv
        threads.multiply(m: t, a: hidden, lda: inner, weights: w.outputWeight, in: arena, bias: arena[w.outputBias],
                         c: projected, ldc: d)
        addAndNormalize(output, residual: projected, gamma: arena[w.outputNormGamma], beta: arena[w.outputNormBeta], rows: t)
    }

    /// `LayerNorm(output + residual)` row by row, in place (the products have added their biases); long inputs are
    /// split over the pool by rows.
    private func addAndNormalize(_ output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>,
                                 gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, rows: Int) {
        let d = config.hiddenSize, eps = config.layerNormEps
        let pieces = rows >= 64 ? 4 : 1
        ProductScheduler.shared.parallel(pieces, work: pieces > 1 ? rows * d * 8 : 0) { piece in
            let first = rows * piece / pieces, count = rows * (piece + 1) / pieces - first
            RowOperations.add(residual + first * d, count: count * d, to: output + first * d)
            RowOperations.layerNorm(output + first * d, rows: count, n: d, gamma: gamma, beta: beta, eps: eps)
        }
    }
}
