#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Analysis
import ArgumentParser
import Encoder
import Foundation
import SafeText
import WordPiece

/// `bert-explorer stats`: head statistics (Clark et al. 2019) averaged over a corpus, on every core.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Head statistics for every layer and head, averaged over a corpus (one sentence or A ||| B per line).",
        discussion: """
            For every layer × head: the mean over all query tokens of the corpus of the attention row's entropy \
            (nats), the attention to [CLS], to [SEP], to punctuation tokens, to the token itself, to the previous \
            and next token (tokens that have one), and the expected distance sum_j a_ij |i - j| in tokens. \
            Blank lines are skipped; a line longer than the model's positions is truncated. FILE - reads \
            standard input. A progress bar is drawn on standard error when it is a terminal.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Flag(name: .long, help: "Print one JSON object: {\"model\",\"sentences\",\"tokens\",\"seconds\",\"cpu_seconds\",\"sentences_per_second\",\"threads\",\"statistics\":{name:[layer][head]}}.")
    var json = false

    @Flag(name: .long, help: "Print CSV: layer,head,entropy,cls,sep,punctuation,self,previous,next,distance (1-based layer and head).")
    var csv = false

    @Option(name: .long, help: "Threads running the encoder (default: the number of cores).")
    var threads: Int?

    @Argument(help: "The corpus: one sentence, or a pair as A ||| B, per line (- for standard input).")
    var file: String

    func validate() throws {
        if json && csv { throw CommandFailure("--json and --csv exclude each other") }
        if let threads, threads < 1 || threads > 256 {
            throw CommandFailure("--threads must be between 1 and 256, got \(threads)")
        }
    }

    func run() throws {
        let directory = try modelOptions.directory()
        let (tokenizer, model) = try modelOptions.tokenizerAndModel(in: directory)
        let descriptor = file == "-" ? STDIN_FILENO : open(file, O_RDONLY)
        guard descriptor >= 0 else {
            throw CommandFailure("\(TokenTable.printable(file)): \(String(cString: strerror(errno)))")
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw CommandFailure("\(TokenTable.printable(file)): is a directory, not a corpus file")
        }
        let reader = LineReader(descriptor: descriptor)
        let progress = CorpusProgress(total: file == "-" ? nil : LineCounter.count(path: file))
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let start = DispatchTime.now().uptimeNanoseconds, cpuStart = ProcessUsage.cpuMilliseconds() / 1000
        let statistics = try CommandFailure.wrap {
            do {
                return try CorpusStatistics.compute(
                    model: model, tokenizer: tokenizer, threads: threadCount,
                    next: { reader.next().map { String(decoding: $0, as: UTF8.self) } },
                    progress: progress.update)
            } catch {
                throw CommandFailure("\(TokenTable.printable(file)) line \(reader.lineNumber): \(error)")
            }
        }
        progress.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let summary = StatsSummary(model: model.name, sentences: statistics.sentences, tokens: statistics.rows(.entropy),
                              seconds: seconds, cpuSeconds: ProcessUsage.cpuMilliseconds() / 1000 - cpuStart, threads: threadCount)
        let buffer = OutputBuffer(descriptor: 1)
        defer { buffer.flush() }
        if json {
            writeJSON(statistics, summary, to: buffer)
        } else if csv {
            writeCSV(statistics, to: buffer)
            FileHandle.standardError.write(Data((summary.line + "\n").utf8))
        } else {
            writeText(statistics, summary, to: buffer)
        }
    }

    private static func format(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.3f", value)
    }

    private func writeText(_ statistics: HeadStatistics, _ summary: StatsSummary, to buffer: OutputBuffer) {
        buffer.append(summary.line + "\n")
        let header = "     " + (1...statistics.heads).map { String(repeating: " ", count: 6 - "h\($0)".count) + "h\($0)" }.joined()
        for statistic in HeadStatistic.allCases {
            buffer.append("\n\(statistic.rawValue): \(statistic.meaning)\n\(header)\n")
            for (layer, row) in statistics.grid(statistic).enumerated() {
                let label = "L\(layer + 1)"
                buffer.append(label + String(repeating: " ", count: 5 - label.count)
                              + row.map { let v = Self.format($0); return String(repeating: " ", count: max(0, 6 - v.count)) + v }.joined() + "\n")
            }
        }
        buffer.append("\nstrongest head per statistic (lowest for entropy)\n")
        for statistic in HeadStatistic.allCases {
            var best: (layer: Int, head: Int, value: Double)?
            for layer in 0..<statistics.layers {
                for head in 0..<statistics.heads {
                    guard let value = statistics.value(statistic, layer: layer, head: head) else { continue }
                    let better = statistic == .entropy ? value < (best?.value ?? .infinity) : value > (best?.value ?? -.infinity)
                    if better { best = (layer, head, value) }
                }
            }
            guard let best else { continue }
            buffer.append("  \(statistic.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))"
                          + "L\(best.layer + 1) H\(best.head + 1)  \(Self.format(best.value))\n")
        }
    }

    private func writeCSV(_ statistics: HeadStatistics, to buffer: OutputBuffer) {
        buffer.append("layer,head," + HeadStatistic.allCases.map(\.rawValue).joined(separator: ",") + "\n")
        for layer in 0..<statistics.layers {
            for head in 0..<statistics.heads {
                let values = HeadStatistic.allCases.map { statistic -> String in
                    guard let v = statistics.value(statistic, layer: layer, head: head) else { return "" }
                    return "\(v)"
                }
                buffer.append("\(layer + 1),\(head + 1)," + values.joined(separator: ",") + "\n")
            }
        }
    }

    private func writeJSON(_ statistics: HeadStatistics, _ summary: StatsSummary, to buffer: OutputBuffer) {
        buffer.write { bytes in
            TokenJSON.append(ascii: "{\"model\":{\"name\":", to: &bytes)
            JSONText.appendQuoted(summary.model, to: &bytes)
            bytes.append(contentsOf: ",\"layers\":\(statistics.layers),\"heads\":\(statistics.heads)},".utf8)
            bytes.append(contentsOf: "\"sentences\":\(summary.sentences),\"tokens\":\(summary.tokens),".utf8)
            bytes.append(contentsOf: "\"seconds\":\(JSONText.number(summary.seconds)),\"cpu_seconds\":\(JSONText.number(summary.cpuSeconds)),\"sentences_per_second\":\(JSONText.number(summary.rate)),\"threads\":\(summary.threads),".utf8)
            TokenJSON.append(ascii: "\"statistics\":{", to: &bytes)
            for (index, statistic) in HeadStatistic.allCases.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: "\"\(statistic.rawValue)\":[".utf8)
                for (layer, row) in statistics.grid(statistic).enumerated() {
                    if layer > 0 { bytes.append(UInt8(ascii: ",")) }
                    bytes.append(contentsOf: ("[" + row.map { JSONText.number($0) }.joined(separator: ",") + "]").utf8)
                }
                bytes.append(UInt8(ascii: "]"))
            }
            TokenJSON.append(ascii: "}}\n", to: &bytes)
        }
    }
}
