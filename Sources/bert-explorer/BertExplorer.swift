import ArgumentParser

/// The root command: with no subcommand it opens the explorer.
@main
struct BertExplorer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bert-explorer",
        abstract: "Look inside a BERT-style encoder from the terminal.",
        // One command per line, so parallel branches adding commands merge cleanly.
        subcommands: [
            ExploreCommand.self,
            TokenizeCommand.self,
            InspectCommand.self,
            PredictCommand.self,
            ClassifyCommand.self,
            TrainCommand.self,
            EvaluateCommand.self,
            StatsCommand.self,
            ExportCommand.self,
            BenchCommand.self,
            KeysCommand.self,
        ],
        defaultSubcommand: ExploreCommand.self)
}
