import ArgumentParser
import CursesBackend
import Encoder
import Explorer
import Foundation
import TerminalUI
import WordPiece

/// The default command: the interactive explorer. `bert-explorer [--model PATH] [SENTENCE]`.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Type a sentence and look inside the encoder, live (the default command).",
        discussion: "Type a pair as 'first sentence ||| second sentence'. Press ? inside for every key.")

    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "The sentence to start with (quote it, or give several words).")
    var sentence: [String] = []

    func run() throws {
        let directory = try modelOptions.directory()
        let tokenizer = try CommandFailure.wrap { try BertTokenizer.load(directory: directory) }
        let model = try CommandFailure.wrap { try BertModel.load(directory: directory) }
        let requested = ColorMode.from(environment: ProcessInfo.processInfo.environment)
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(colorMode: requested)
        } catch {
            throw CommandFailure("cannot open the terminal: \(error) (the explorer needs an interactive terminal; "
                                 + "try `bert-explorer tokenize` for piped use)")
        }
        defer { terminal.stop() }
        let size = terminal.size
        let session = ExplorerSession(tokenizer: tokenizer, encoder: model, colorMode: terminal.colorMode,
                                      text: sentence.joined(separator: " "), width: size.width, height: size.height)
        ExploreLoop(session: session, terminal: terminal).run()
    }
}

/// The event loop: draw when something changed, wait briefly for input, apply every queued event before the
/// next frame (a paste arrives as many, and is tokenized once per batch), and pick up encoder results as they
/// land. Text inside a bracketed paste goes to the input line as text, never as key commands.
struct ExploreLoop {
    let session: ExplorerSession
    let terminal: CursesTerminal
    /// How long to wait for a key before checking for an encoder result.
    var pollMilliseconds = 15

    func run() {
        var dirty = true
        while !session.state.shouldQuit {
            if dirty {
                let frame = session.render()
                terminal.draw(frame.screen, cursor: frame.cursor)
                dirty = false
            }
            if let event = terminal.nextEvent(timeoutMilliseconds: pollMilliseconds) {
                var batch = InputBatch()
                batch.add(event, pasted: terminal.isPasting)
                while let next = terminal.nextEvent(timeoutMilliseconds: 0) {
                    batch.add(next, pasted: terminal.isPasting)
                }
                batch.apply(to: session)
                dirty = true
            }
            if session.poll() { dirty = true }
        }
    }
}

/// Events read in one turn of the loop, in order: runs of typed keys and runs of pasted text.
struct InputBatch {
    private enum Run {
        case keys([InputEvent])
        case paste(String)
    }

    private var runs: [Run] = []
    private var keys: [InputEvent] = []
    private var text = ""

    mutating func add(_ event: InputEvent, pasted: Bool) {
        if pasted, case .character(let c) = event {
            if !keys.isEmpty { runs.append(.keys(keys)); keys = [] }
            text.append(c)
        } else {
            if !text.isEmpty { runs.append(.paste(text)); text = "" }
            keys.append(event)
        }
    }

    func apply(to session: ExplorerSession) {
        let all = runs + (keys.isEmpty ? [] : [.keys(keys)]) + (text.isEmpty ? [] : [.paste(text)])
        for run in all {
            guard !session.state.shouldQuit else { return }
            switch run {
            case .keys(let events): session.handle(events)
            case .paste(let text): session.paste(text)
            }
        }
    }
}
