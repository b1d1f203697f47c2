import Encoder
import Foundation
import WordPiece

/// Runs the frozen encoder over examples and turns chosen layers' states into feature rows.
///
/// `forward` is called on several threads at once, one sentence each (the encoder is immutable; when its worker
/// pool is busy with another sentence's step, a caller runs its own step alone), so every core is busy even for
/// the short sentences where splitting one matrix product does not pay.
public final class FeatureExtractor: Sendable {
    public let model: BertModel
    public let tokenizer: BertTokenizer
    public let pooler: PoolerWeights?
    public let threads: Int

    public init(model: BertModel, tokenizer: BertTokenizer, pooler: PoolerWeights?, threads: Int? = nil) {
        self.model = model
        self.tokenizer = tokenizer
        self.pooler = pooler
        let environment = ProcessInfo.processInfo.environment
        self.threads = max(1, threads ?? Int(environment["BERT_EXPLORER_THREADS"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    public var hiddenSize: Int { model.config.hiddenSize }

    /// What the encoder keeps for features: every hidden state, no attention (`heads·tokens²` floats a layer).
    static let capture = CaptureOptions(attentions: false, hiddenStates: .all)

    /// An example tokenized, with the token positions its feature rows come from and the word of each row.
    fileprivate struct Prepared {
        let encoding: Encoding
        let positions: [Int]
        let words: [Int]
    }

    /// Feature rows of one example. `layers` are hidden-state indices (0 = embeddings, 1...L).
    public func features(text: String, pair: String?, words: [String]?, task: TrainingTask, layers: [Int],
                         pooling: Pooling, isCancelled: () -> Bool = { false }) throws -> SentenceFeatures {
        let prepared = prepare(text: text, pair: pair, words: words, task: task)
        let output = try model.forward(ids: prepared.encoding.ids, segments: prepared.encoding.segments,
                                       capture: Self.capture, isCancelled: isCancelled)
        return features(prepared, output: output, task: task, layers: layers, pooling: pooling)
    }

    fileprivate func prepare(text: String, pair: String?, words: [String]?, task: TrainingTask) -> Prepared {
        let encoding: Encoding
        var wordStarts: [(start: Int, end: Int)] = []
        if let words {
            var offset = 0
            for word in words {
                let length = word.unicodeScalars.count
                wordStarts.append((offset, offset + length))
                offset += length + 1
            }
            encoding = tokenizer.encode(words.joined(separator: " "), modelPositions: model.config.maxPositions)
        } else {
            encoding = tokenizer.encode(text, pair: pair, modelPositions: model.config.maxPositions)
        }
        var positions: [Int] = [], rowWords: [Int] = []
        switch task {
        case .sentence:
            positions = [0]
            rowWords = [0]
        case .token where words != nil:
            // A word's label goes to its first sub-word token (Hugging Face's word_ids convention); words cut by
            // truncation, or that produce no token, get no row.
            var word = 0
            for (position, token) in encoding.tokens.enumerated() {
                guard let start = token.start else { continue }
                while word < wordStarts.count && wordStarts[word].end <= start { word += 1 }
                guard word < wordStarts.count, start >= wordStarts[word].start else { continue }
                if rowWords.last != word {
                    positions.append(position)
                    rowWords.append(word)
                }
            }
        case .token:
            positions = Array(0..<encoding.count)
            rowWords = positions
        }
        return Prepared(encoding: encoding, positions: positions, words: rowWords)
    }

    fileprivate func features(_ prepared: Prepared, output: EncoderOutput, task: TrainingTask, layers: [Int],
                          pooling: Pooling) -> SentenceFeatures {
        let vectors: [[Float]] = layers.map { layer in
            output.hiddenStates[layer].withUnsafeBufferPointer { states in
                Self.rows(states: states.baseAddress!, tokens: prepared.encoding.count, hiddenSize: hiddenSize,
                          task: task, positions: prepared.positions, pooling: pooling, pooler: pooler)
            }
        }
        return SentenceFeatures(encoding: prepared.encoding, vectors: vectors, positions: prepared.positions,
                                words: prepared.words)
    }

    /// The feature rows of one hidden state (`tokens × hiddenSize`): the states at `positions` (token task), or
    /// the sentence pooled as `pooling` says (sentence task, one row). The explorer runs trained heads on the
    /// states of its own forward pass through this, so they see exactly the features they were trained on.
    public static func rows(states h: UnsafePointer<Float>, tokens t: Int, hiddenSize d: Int, task: TrainingTask,
                            positions: [Int], pooling: Pooling, pooler: PoolerWeights?) -> [Float] {
        let count = task == .token ? positions.count : 1
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count * d) { buffer, written in
            let out = buffer.baseAddress!
            if task == .token {
                for (row, position) in positions.enumerated() {
                    (out + row * d).update(from: h + position * d, count: d)
                }
            } else {
                switch pooling {
                case .cls:
                    out.update(from: h, count: d)
                case .mean:
                    out.update(repeating: 0, count: d)
                    for token in 0..<t { for i in 0..<d { out[i] += h[token * d + i] } }
                    let scale = 1 / Float(t)
                    for i in 0..<d { out[i] *= scale }
                case .pooler:
                    pooler!.apply(h, into: out)
                }
            }
            written = count * d
        }
    }

    /// Features of every example, `threads` stacks of sentences at a time, handed to `sink` in order (chunk by chunk, so
    /// memory stays bounded whatever the data size). `progress(done)` runs after each chunk on the caller's thread.
    public func extract(_ examples: [LabeledExample], task: TrainingTask, layers: [Int], pooling: Pooling,
                        chunk: Int = 64, progress: (Int) -> Void = { _ in },
                        sink: (Int, SentenceFeatures) throws -> Void) throws {
        var start = 0
        while start < examples.count {
            let end = min(examples.count, start + chunk)
            let results = ChunkResults(count: end - start)
            let workers = min(threads, end - start), first = start
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                runStacks(examples[first..<end], results: results, task: task, layers: layers, pooling: pooling)
            }
            for (index, result) in results.values.enumerated() {
                switch result {
                case .success(let features)?: try sink(start + index, features)
                case .failure(let failure)?:
                    // A failure cancels the examples still running: report the first that is not a cancellation.
                    var (offset, error) = (index, failure)
                    for (other, result) in results.values.enumerated() {
                        if case .failure(let cause)? = result, !(cause is CancellationError) { (offset, error) = (other, cause); break }
                    }
                    if let error = error as? EncoderInputError {
                        throw TrainingDataError("line \(examples[start + offset].line): \(error)")
                    }
                    throw error
                case nil: continue
                }
            }
            start = end
            progress(end)
        }
    }
}

extension FeatureExtractor {
    /// One worker of a chunk: gathers the next examples until their tokens fill a stack (`BertModel.stackRows`)
    /// and runs them as one pass (short sentences take less time a sentence stacked), until none is left.
    fileprivate func runStacks(_ examples: ArraySlice<LabeledExample>, results: ChunkResults, task: TrainingTask,
                               layers: [Int], pooling: Pooling) {
        while true {
            var stack: [(index: Int, prepared: Prepared)] = []
            var rows = 0
            while rows < BertModel.stackRows, let index = results.claim() {
                let example = examples[examples.startIndex + index]
                let prepared = prepare(text: example.text, pair: example.pair,
                                       words: task == .token ? example.words : nil, task: task)
                stack.append((index, prepared))
                rows += prepared.encoding.count
            }
            if stack.isEmpty { return }
            let inputs = stack.map { (ids: $0.prepared.encoding.ids, segments: $0.prepared.encoding.segments) }
            if let outputs = try? model.forward(stack: inputs, capture: Self.capture, isCancelled: { results.failed }) {
                for (item, output) in zip(stack, outputs) {
                    results.store(item.index, .success(features(item.prepared, output: output, task: task,
                                                                layers: layers, pooling: pooling)))
                }
                continue
            }
            // A failed stack runs again one example at a time, so each error is the right example's.
            for item in stack {
                results.store(item.index, Result {
                    let output = try model.forward(ids: item.prepared.encoding.ids, segments: item.prepared.encoding.segments,
                                                   capture: Self.capture, isCancelled: { results.failed })
                    return features(item.prepared, output: output, task: task, layers: layers, pooling: pooling)
                })
            }
        }
    }
}

/// Results of one chunk, filled by the worker threads.
private final class ChunkResults: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private(set) var values: [Result<SentenceFeatures, Error>?]
    private(set) var failed = false

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < values.count, !failed else { return nil }
        next += 1
        return next - 1
    }

    func store(_ index: Int, _ value: Result<SentenceFeatures, Error>) {
        lock.lock()
        values[index] = value
        if case .failure = value { failed = true }
        lock.unlock()
    }
}
