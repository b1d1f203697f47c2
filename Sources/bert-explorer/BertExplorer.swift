import ArgumentParser

/// The root command: with no subcommand it opens the explorer.
@main
struct BertExplorer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bert-explorer",
        abstract: "Look inside a BERT-style encoder from the terminal.",
        subcommands: [ExploreCommand.self, TokenizeCommand.self, InspectCommand.self, PredictCommand.self, ClassifyCommand.self, BenchCommand.self, KeysCommand.self],
        defaultSubcommand: ExploreCommand.self)
}
