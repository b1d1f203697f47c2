import ArgumentParser
import CursesBackend
import Encoder
import Explorer
import Foundation
import TerminalUI
import Training
import WordPiece

/// The default command: the interactive explorer. `bert-explorer [--model PATH] [SENTENCE]`.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Type a sentence and look inside the encoder, live (the default command).",
        discussion: "Type a pair as 'first sentence ||| second sentence'. Press ? inside for every key.")

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .customLong("export-dir"), help: "Directory where w writes the current view as SVG (default: the current directory).")
    var exportDirectory: String?

    @Option(name: .customLong("head"), help: ArgumentHelp("A head trained by `bert-explorer train` on this model: its prediction and occlusion attribution show under the tokens (repeatable; T cycles).", valueName: "DIR"))
    var headDirectories: [String] = []

    @Argument(help: "The sentence to start with (quote it, or give several words).")
    var sentence: [String] = []

    func run() throws {
        let directory = try modelOptions.directory()
        let (tokenizer, model) = try modelOptions.tokenizerAndModel(in: directory)
        let heads = try CommandFailure.wrap { try ExplorerHeads.load(directory: directory, model: model, tokenizer: tokenizer) }
        // Every head is checked before the terminal is touched: a refusal is one line and exit 1.
        let taskHeads = try CommandFailure.wrap { () -> [TaskHead] in
            guard !headDirectories.isEmpty else { return [] }
            let fingerprint = EncoderFingerprint.of(directory: directory)
            return try headDirectories.map {
                try TaskHead.load(directory: URL(fileURLWithPath: $0), modelDirectory: directory, model: model, fingerprint: fingerprint)
            }
        }
        let requested = ColorMode.from(environment: ProcessInfo.processInfo.environment)
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(colorMode: requested)
        } catch CursesError.notATerminal {
            throw CommandFailure("the explorer needs an interactive terminal (standard input and output must be a TTY); "
                                 + "for piped use try `bert-explorer tokenize` or `bert-explorer inspect`")
        } catch {
            throw CommandFailure("\(error)")
        }
        defer { terminal.stop() }
        let size = terminal.size
        let session = ExplorerSession(tokenizer: tokenizer, encoder: model, colorMode: terminal.colorMode,
                                      text: sentence.joined(separator: " "), width: size.width, height: size.height,
                                      heads: heads, taskHeads: taskHeads)
        if let exportDirectory { session.exportDirectory = URL(fileURLWithPath: exportDirectory) }
        ExploreLoop(session: session, terminal: terminal).run()
    }
}
