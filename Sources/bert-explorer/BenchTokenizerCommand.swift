import ArgumentParser
import Foundation
import SafeText
import WordPiece

/// `bert-explorer bench tokenizer`: single-thread tokenizer throughput, line by line, as Benchmarks/tokenizer.sh
/// measures Hugging Face `tokenizers` (`encode` per line, no truncation, no padding).
struct BenchTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Measure tokenizer throughput (MB/s, lines/s) on one thread.",
        discussion: "FILE defaults to Benchmarks/tokenizer-multilingual.txt of the checkout.")

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .customLong("repeat"), help: "Passes over the file; the best pass is reported.")
    var passes: Int = 5

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Argument(help: "A UTF-8 text file, one input per line.")
    var file: String?

    func validate() throws {
        if passes < 1 { throw CommandFailure("--repeat must be at least 1, got \(passes)") }
    }

    func run() throws {
        let tokenizer = try modelOptions.tokenizer()
        let url = try file.map { URL(fileURLWithPath: $0) } ?? Self.defaultInput()
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CommandFailure("\(url.path): cannot read the file")
        }
        // Lines as Python's `splitlines` counts them: the empty piece after a final newline is not a line.
        var pieces = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        let lines = pieces.map { String(decoding: $0.last == 0x0D ? $0.dropLast() : $0, as: UTF8.self) }
        let byteCount = lines.reduce(0) { $0 + $1.utf8.count }
        var best = Double.infinity
        var tokens = 0
        for _ in 0..<passes {
            tokens = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for line in lines { tokens += tokenizer.encode(line, maxLength: Int.max).count }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        best = max(best, 1e-9)  // a clock too coarse for a tiny file must not make the rates infinite or NaN
        let megabytes = Double(byteCount) / 1e6
        if json {
            var name: [UInt8] = []
            JSONText.appendQuoted(url.lastPathComponent, to: &name)
            print("{\"file\":\(String(decoding: name, as: UTF8.self)),\"bytes\":\(byteCount),\"lines\":\(lines.count),"
                  + "\"tokens\":\(tokens),\"seconds\":\(best),\"mb_per_s\":\(megabytes / best),"
                  + "\"lines_per_s\":\(Double(lines.count) / best),\"tokens_per_s\":\(Double(tokens) / best)}")
        } else {
            print("file:      \(TerminalText.escaped(url.path)) (\(String(format: "%.2f", megabytes)) MB, \(lines.count) lines, \(tokens) tokens)")
            print("best of \(passes): \(String(format: "%.3f", best)) s on one thread")
            print(String(format: "throughput: %.1f MB/s, %.0f lines/s, %.0f tokens/s",
                         megabytes / best, Double(lines.count) / best, Double(tokens) / best))
        }
    }

    /// Benchmarks/tokenizer-multilingual.txt, searched upwards from the executable, then the working directory,
    /// then the checkout this file was compiled in.
    static func defaultInput() throws -> URL {
        let relative = "Benchmarks/tokenizer-multilingual.txt"
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent(),
                      URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        starts.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent())
        for start in starts {
            var directory = start
            for _ in 0..<8 {
                let candidate = directory.appendingPathComponent(relative)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw CommandFailure("no input file given and \(relative) not found")
    }
}
