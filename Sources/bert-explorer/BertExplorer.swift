import ArgumentParser
import Encoder

/// The root command: with no subcommand it opens the explorer.
@main
struct BertExplorer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bert-explorer",
        abstract: "Look inside a BERT-style encoder from the terminal.",
        version: "bert-explorer 0.1.0",
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

    /// Applies the encoder's process-wide tuning (malloc policy) before any thread starts; errors
    /// are printed escaped, and a failed write to standard output is an error (`CommandLineEntry`).
    static func main() async {
        ProcessTuning.apply()
        await CommandLineEntry.main(Array(CommandLine.arguments.dropFirst()))
    }
}
