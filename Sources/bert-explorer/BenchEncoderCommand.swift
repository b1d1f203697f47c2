import ArgumentParser
import Encoder
import Foundation
import SafeText

/// `bench encoder`: load time, median forward latency (with full capture) per sequence length, peak RSS.
struct BenchEncoderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoder", abstract: "Measure encoder load time, forward latency and peak memory.")

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: "Comma-separated sequence lengths in tokens.")
    var lengths: String = "16,64,128,512"

    @Option(name: .long, help: "Minimum seconds spent timing each length.")
    var seconds: Double = 1.0

    @Option(name: .long, help: "Kernel backend: \(KernelBackend.allCases.map(\.rawValue).joined(separator: ", ")) (default: the fastest this machine runs).")
    var kernel: String?

    @Option(name: .long, help: "Product precision: float32, or bf16 for plain bfloat16 tile products on AMX (faster, errors about 1e-2; the same as --kernel amx-bf16).")
    var precision: String = "float32"

    @Option(name: .long, help: "Also measure throughput over this many sentences per length, spread over every core (forward(batch:)), against one sentence at a time.")
    var batch: Int?

    @Flag(name: .long, help: "Print one JSON object: {\"load_ms\",\"peak_rss_mb\",\"lengths\":[{\"tokens\",\"median_ms\"}]}.")
    var json = false

    /// The longest `--seconds` accepted: an hour per length.
    static let maximumSeconds = 3600.0

    /// Thrown as `CommandFailure`, not `ValidationError`, so a bad value is one line and exit code 1.
    func validate() throws {
        _ = try parsedLengths()
        _ = try backend()
        if let batch, batch < 1 || batch > 100_000 {
            throw CommandFailure("--batch must be a number of sentences from 1 to 100000, got \(batch)")
        }
        guard seconds.isFinite, seconds > 0, seconds <= Self.maximumSeconds else {
            throw CommandFailure("--seconds must be a number of seconds above 0 and at most \(Int(Self.maximumSeconds)), got \(seconds)")
        }
    }

    /// `--lengths` as positive integers.
    private func parsedLengths() throws -> [Int] {
        let parsed = lengths.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw CommandFailure("--lengths must be a comma-separated list of positive integers, got \"\(lengths)\"")
        }
        return parsed.compactMap { $0 }
    }

    /// `--kernel` and `--precision` as an available backend.
    private func backend() throws -> KernelBackend {
        let runnable = KernelBackend.allCases.filter(\.isAvailable)
        var chosen = KernelBackend.preferred
        if let kernel {
            guard let backend = KernelBackend(rawValue: kernel), backend.isAvailable else {
                throw CommandFailure("--kernel must be one of the backends this machine runs (\(runnable.map(\.rawValue).joined(separator: ", ")))")
            }
            chosen = backend
        }
        switch precision {
        case "float32":
            return chosen
        case "bf16":
            guard KernelBackend.amxBF16.isAvailable else {
                throw CommandFailure("--precision bf16 needs AMX-BF16, which this machine does not run")
            }
            guard kernel == nil || [.amx, .amxBF16].contains(chosen) else {
                throw CommandFailure("--precision bf16 runs on the amx kernel, not \(chosen)")
            }
            return .amxBF16
        default:
            throw CommandFailure("--precision must be float32 or bf16, got \"\(TerminalText.escaped(precision))\"")
        }
    }

    func run() throws {
        let parsed = try parsedLengths()
        let directory = try modelOptions.directory()
        let backend = try backend()
        let loadStart = DispatchTime.now().uptimeNanoseconds
        let model = try CommandFailure.wrap { try BertModel.load(directory: directory, backend: backend) }
        let loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6

        var results: [(tokens: Int, median: Double, minimum: Double, cpu: Double)] = []
        var throughputs: [Throughput] = []
        for length in parsed {
            guard length <= model.config.maxPositions else {
                throw CommandFailure("length \(length) exceeds the model's \(model.config.maxPositions) positions")
            }
            let ids = Self.ids(tokens: length, vocab: model.config.vocabSize, sentence: 0)
            let segments = [Int](repeating: 0, count: length)
            for _ in 0..<3 { _ = try model.forward(ids: ids, segments: segments) }
            var samples: [Double] = [], cpuSamples: [Double] = []
            let budget = UInt64(seconds * 1e9), begin = DispatchTime.now().uptimeNanoseconds
            while samples.count < 10 || (DispatchTime.now().uptimeNanoseconds - begin < budget && samples.count < 1000) {
                let start = DispatchTime.now().uptimeNanoseconds, cpuStart = ProcessUsage.cpuMilliseconds()
                _ = try model.forward(ids: ids, segments: segments)
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                cpuSamples.append(ProcessUsage.cpuMilliseconds() - cpuStart)
            }
            samples.sort()
            let middle = samples.count / 2
            let median = samples.count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2
            results.append((length, median, samples[0], cpuSamples.sorted()[cpuSamples.count / 2]))
            if let batch { throughputs.append(try throughput(model, tokens: length, sentences: batch)) }
        }
        let peak = ProcessUsage.peakResidentMegabytes()
        if json {
            let entries = results.map { "{\"tokens\":\($0.tokens),\"median_ms\":\(Self.format($0.median))}" }
            let batches = throughputs.map {
                "{\"tokens\":\($0.tokens),\"one_thread_per_s\":\(Self.format($0.oneThread)),\"sequential_per_s\":\(Self.format($0.sequential)),\"batched_per_s\":\(Self.format($0.batched)),\"ratio\":\(Self.format($0.ratio)),\"ratio_to_one_thread\":\(Self.format($0.ratioToOneThread))}"
            }
            let batchField = batch == nil ? "" : ",\"batch\":[\(batches.joined(separator: ","))]"
            print("{\"load_ms\":\(Self.format(loadMilliseconds)),\"peak_rss_mb\":\(Self.format(peak)),\"lengths\":[\(entries.joined(separator: ","))]\(batchField)}")
        } else {
            print("model \(TerminalText.escaped(model.name)): \(model.config.layers) layers, \(model.config.heads) heads, hidden \(model.config.hiddenSize), kernel \(model.backend)")
            print("load \(Self.format(loadMilliseconds)) ms, peak RSS \(Self.format(peak)) MB")
            let header = ["tokens", "median ms", "min ms", "median CPU ms (all threads)"]
            let rows = results.map { [String($0.tokens), Self.format($0.median), Self.format($0.minimum), Self.format($0.cpu)] }
            for line in Self.aligned([header] + rows) { print(line) }
            if let batch, !throughputs.isEmpty {
                print("batches of \(batch) sentences: one at a time (on one thread, and on every core) vs across every core (forward(batch:))")
                let batchHeader = ["tokens", "one thread /s", "one at a time /s", "batched /s", "vs one at a time", "vs one thread"]
                let batchRows = throughputs.map {
                    [String($0.tokens), Self.format($0.oneThread), Self.format($0.sequential), Self.format($0.batched),
                     Self.format($0.ratio) + "x", Self.format($0.ratioToOneThread) + "x"]
                }
                for line in Self.aligned([batchHeader] + batchRows) { print(line) }
            }
        }
    }

    /// Sentences per second for one length: one at a time on one thread, one at a time over the pool, and batched.
    private struct Throughput {
        var tokens: Int
        var oneThread: Double, sequential: Double, batched: Double
        /// Medians of the per-round ratios batched / one at a time (pool) and batched / one thread.
        var ratio: Double, ratioToOneThread: Double
    }

    /// Sentences per second over `sentences` different inputs of `tokens` tokens: one at a time on one thread, one
    /// at a time over the pool, and as one batch across the pool's threads; three alternating rounds.
    private func throughput(_ model: BertModel, tokens: Int, sentences: Int) throws -> Throughput {
        let inputs = (0..<sentences).map { sentence in
            (ids: Self.ids(tokens: tokens, vocab: model.config.vocabSize, sentence: sentence),
             segments: [Int](repeating: 0, count: tokens))
        }
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        var oneThread: [Double] = [], sequential: [Double] = [], batched: [Double] = []
        for _ in 0..<3 {
            oneThread.append(Double(sentences) / (try seconds { for input in inputs { _ = try model.forwardOnOneThread(ids: input.ids, segments: input.segments) } }))
            sequential.append(Double(sentences) / (try seconds { for input in inputs { _ = try model.forward(ids: input.ids, segments: input.segments) } }))
            batched.append(Double(sentences) / (try seconds { _ = try model.forward(batch: inputs) }))
        }
        func medianRatio(_ over: [Double]) -> Double { zip(batched, over).map { $0 / $1 }.sorted()[1] }
        return Throughput(tokens: tokens, oneThread: oneThread.max()!, sequential: sequential.max()!, batched: batched.max()!,
                          ratio: medianRatio(sequential), ratioToOneThread: medianRatio(oneThread))
    }

    /// A synthetic input of `tokens` ids: `[CLS]` (101, when the vocabulary has it), then ids spread over the
    /// vocabulary, different for each `sentence`.
    private static func ids(tokens: Int, vocab: Int, sentence: Int) -> [Int] {
        (0..<tokens).map { $0 == 0 ? min(101, vocab - 1) : (1000 + 7919 * $0 + 31 * sentence) % vocab }
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }

    /// Rows as lines with every column right-aligned to its widest cell, two spaces apart.
    static func aligned(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
        }
    }
}
