import ArgumentParser

/// `bench tokenizer`, `bench encoder`, `bench heads`, `bench explorer` and `bench startup`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure tokenizer, encoder, head and explorer speed, and start-up time.",
        // One command per line, so parallel branches adding benchmarks merge cleanly.
        subcommands: [
            BenchTokenizerCommand.self,
            BenchEncoderCommand.self,
            BenchHeadsCommand.self,
            BenchExplorerCommand.self,
            BenchStartupCommand.self,
        ])
}
