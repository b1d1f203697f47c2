import ArgumentParser

/// `bench tokenizer` and `bench encoder`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure tokenizer and encoder speed.",
        subcommands: [BenchTokenizerCommand.self, BenchEncoderCommand.self])
}
