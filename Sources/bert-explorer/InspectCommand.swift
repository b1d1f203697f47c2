import ArgumentParser

// Placeholder until the inspect command lands; replaced by its owner.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect")
    func run() throws { throw CommandFailure("inspect: not built yet") }
}
