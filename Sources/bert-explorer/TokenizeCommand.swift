import ArgumentParser

// Placeholder until the tokenize command lands; replaced by its owner.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenize")
    func run() throws { throw CommandFailure("tokenize: not built yet") }
}
