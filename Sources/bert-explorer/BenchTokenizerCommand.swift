import ArgumentParser

// Placeholder until bench tokenizer lands; replaced by its owner.
struct BenchTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenizer")
    func run() throws { throw CommandFailure("bench tokenizer: not built yet") }
}
