import ArgumentParser

/// `bench tokenizer`, `bench encoder`, `bench heads` and `bench explorer`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure tokenizer, encoder, head and explorer speed.",
        // One command per line, so parallel branches adding benchmarks merge cleanly.
        subcommands: [
            BenchTokenizerCommand.self,
            BenchEncoderCommand.self,
            BenchHeadsCommand.self,
            BenchExplorerCommand.self,
        ])
}
