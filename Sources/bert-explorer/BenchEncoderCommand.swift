import ArgumentParser

// Placeholder until bench encoder lands; replaced by its owner.
struct BenchEncoderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "encoder")
    func run() throws { throw CommandFailure("bench encoder: not built yet") }
}
