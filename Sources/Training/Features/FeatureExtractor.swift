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
            let end = min(examples.count, start + chunk), first = start
            let results = run(count: end - start, task: task, layers: layers, pooling: pooling) { index in
                let example = examples[first + index]
                return self.prepare(text: example.text, pair: example.pair, words: task == .token ? example.words : nil,
                                    task: task)
            }
            if let (offset, error) = results.firstFailure() {
                if let error = error as? EncoderInputError { throw TrainingDataError("line \(examples[start + offset].line): \(error)") }
                throw error
            }
            for (index, result) in results.values.enumerated() {
                if case .success(let features)? = result { try sink(start + index, features) }
            }
            start = end
            progress(end)
        }
    }

    /// Features of each text (a token task gets a row for every token, as `features(text:…)` without words),
    /// computed as `extract` does: stacked passes across every core. Throws the first text's error.
    public func features(texts: [String], pair: String?, task: TrainingTask, layers: [Int],
                         pooling: Pooling) throws -> [SentenceFeatures] {
        let results = run(count: texts.count, task: task, layers: layers, pooling: pooling) { index in
            self.prepare(text: texts[index], pair: pair, words: nil, task: task)
        }
        if let (_, error) = results.firstFailure() { throw error }
        return results.values.compactMap { try? $0?.get() }
    }

    /// Runs `count` inputs (`prepare(i)` tokenizes input i) on up to `threads` workers, each taking stacks.
    private func run(count: Int, task: TrainingTask, layers: [Int], pooling: Pooling,
                     prepare: @Sendable (Int) -> Prepared) -> ChunkResults {
        let results = ChunkResults(count: count)
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            runStacks(results: results, prepare: prepare, task: task, layers: layers, pooling: pooling)
        }
        return results
    }
}

extension FeatureExtractor {
    /// One worker: gathers the next inputs until their tokens fill a stack (`BertModel.stackRows`) and runs them
    /// as one pass (short sentences take less time a sentence stacked), until none is left.
    fileprivate func runStacks(results: ChunkResults, prepare: (Int) -> Prepared, task: TrainingTask,
                               layers: [Int], pooling: Pooling) {
        while true {
            var stack: [(index: Int, prepared: Prepared)] = []
            var rows = 0
            while rows < BertModel.stackRows, let index = results.claim() {
                let prepared = prepare(index)
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
            // A failed stack runs again one input at a time, so each error is the right input's.
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

    /// The first failure that is not a cancellation (a failure cancels the inputs still running), else the first.
    func firstFailure() -> (Int, Error)? {
        var first: (Int, Error)?
        for (index, value) in values.enumerated() {
            guard case .failure(let error)? = value else { continue }
            if !(error is CancellationError) { return (index, error) }
            if first == nil { first = (index, error) }
        }
        return first
    }
}
