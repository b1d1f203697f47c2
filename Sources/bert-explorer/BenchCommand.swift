import ArgumentParser

/// `bench tokenizer`, `bench encoder`, `bench explorer` and `bench heads`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure tokenizer and encoder speed.",
        subcommands: [BenchTokenizerCommand.self, BenchEncoderCommand.self, BenchExplorerCommand.self, BenchHeadsCommand.self])
}
