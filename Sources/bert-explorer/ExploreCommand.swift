import ArgumentParser

// Placeholder until the explore command lands; replaced by its owner.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explore")
    func run() throws { throw CommandFailure("explore: not built yet") }
}
