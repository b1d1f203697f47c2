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
        try forward(stack: [(ids: ids, segments: segments)], capture: capture, isCancelled: isCancelled)[0]
    }

    /// Runs several sequences as one stack of rows: the matrix products and LayerNorms take every row at once
    /// (each weight is read once for the whole stack, and longer products keep the tile units busy), while
    /// embeddings and attention stay within each sequence. One output per sequence, in order: what `forward` gives
    /// for each alone, up to the rounding of the kernel the stack's row count picks (below
    /// `PanelElement.tileMinimumRows` rows AVX-512, from there AMX). Throws as `forward` does, for the first bad
    /// input.
    public func forward(stack inputs: [(ids: [Int], segments: [Int])], capture: CaptureOptions = .standard,
                        isCancelled: () -> Bool = { false }) throws -> [EncoderOutput] {
        for input in inputs { try validate(ids: input.ids, segments: input.segments) }
        guard !inputs.isEmpty else { return [] }
        var sequences: [SequenceCaptures] = []
        var rows = 0
        for input in inputs {
            sequences.append(SequenceCaptures(tokens: input.ids.count, offset: rows, config: config, capture: capture))
            rows += input.ids.count
        }
        let longest = inputs.map(\.ids.count).max()!
        let d = config.hiddenSize, h = config.heads
        // Layer workspace (with a single sequence's attention scratch: a stack's attention pieces have their own),
        // then two states to alternate between, then a single sequence's attention probabilities for a layer when
        // they are not kept.
        let single = inputs.count == 1
        let workspaceSize = rows * (4 * d + config.intermediateSize) + (single ? attention.scratchFloats(tokens: longest) : 0)
        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: workspaceSize + 2 * rows * d + (single ? h * longest * longest : 0))
        defer { workspace.deallocate() }
        let alternating = workspace + workspaceSize, scratchProbabilities = alternating + 2 * rows * d
        // One sequence computes its kept states in place; a stack computes into the alternating rows and copies
        // each sequence's rows out.
        func state(_ index: Int) -> UnsafeMutablePointer<Float> {
            if single, let kept = sequences[0].hiddenState(index) { return kept }
            return alternating + (index % 2) * rows * d
        }
        func keep(_ index: Int) {
            for s in sequences.indices {
                let rows = state(index) + sequences[s].offset * d, count = sequences[s].tokens * d
                if let kept = sequences[s].hiddenState(index), kept != rows { kept.update(from: rows, count: count) }
                if sequences[s].firstNonFinite == nil && !RowOperations.allFinite(rows, count: count) {
                    sequences[s].firstNonFinite = index
                }
            }
        }
        for (input, sequence) in zip(inputs, sequences) {
            embed(ids: input.ids, segments: input.segments, into: state(0) + sequence.offset * d)
        }
        keep(0)
        for layer in 0..<config.layers {
            if isCancelled() { throw CancellationError() }
            encode(layer: layer, sequences: sequences, rows: rows, input: state(layer), output: state(layer + 1),
                   workspace: workspace, scratchProbabilities: scratchProbabilities)
            keep(layer + 1)
        }
        return sequences.map { $0.output(config: config) }
    }

    private func validate(ids: [Int], segments: [Int]) throws {
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

    /// One encoder layer over a stack of `rows` rows: self-attention within each sequence (probabilities written
    /// as `[head][query][key]` where the sequence keeps them, else to `scratchProbabilities`), output projection +
    /// residual + LayerNorm, feed-forward + residual + LayerNorm into `output`.
    private func encode(layer index: Int, sequences: [SequenceCaptures], rows t: Int, input x: UnsafePointer<Float>,
                        output: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>,
                        scratchProbabilities: UnsafeMutablePointer<Float>) {
        let w = layerWeights[index]
        let d = config.hiddenSize, heads = config.heads, size = config.headSize, inner = config.intermediateSize
        let qkv = workspace, context = workspace + 3 * t * d, hidden = context + t * d
        let threads = ProductScheduler.shared

        // Products overwrite their output with product + bias (added as each block is stored, in cache); residuals
        // are added afterwards, as PyTorch sums them: (product + bias) + residual.
        threads.multiply(m: t, a: x, lda: d, weights: w.qkvWeight, in: arena, bias: arena[w.qkvBias], c: qkv, ldc: 3 * d)
        // Attention within each sequence.
        func attend(_ sequence: SequenceCaptures, scratch: UnsafeMutablePointer<Float>,
                    probabilities: UnsafeMutablePointer<Float>) {
            let rows = qkv + sequence.offset * 3 * d, kept = sequence.probabilities(layer: index)
            sequence.layerCapture(index).record(qkv: rows, tokens: sequence.tokens, heads: heads, headSize: size,
                                                backend: backend) {
                valueNormGrams.grams(layer: index, heads: heads, headSize: size, attentionOutput: w.attentionOutputWeight,
                                     arena: arena, backend: backend)
            }
            attention.run(qkv: rows, tokens: sequence.tokens, probabilities: kept ?? probabilities,
                          keepProbabilities: kept != nil, context: context + sequence.offset * d, scratch: scratch,
                          scheduler: threads)
        }
        if sequences.count == 1 {
            attend(sequences[0], scratch: hidden + t * inner, probabilities: scratchProbabilities)
        } else {
            // Several go over the pool a sequence a piece, each piece with its own scratch (its heads then run on
            // its thread).
            let longest = sequences.map(\.tokens).max()!, keys = attention.scratchFloats(tokens: longest)
            let scratchSize = keys + heads * longest * longest, pieces = min(sequences.count, threads.pool.threads)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: pieces * scratchSize)
            defer { scratch.deallocate() }
            threads.pool.run(pieces) { piece in
                let own = scratch + piece * scratchSize
                for s in stride(from: piece, to: sequences.count, by: pieces) {
                    attend(sequences[s], scratch: own, probabilities: own + keys)
                }
            }
        }
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
