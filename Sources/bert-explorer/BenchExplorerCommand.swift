import ArgumentParser
import Foundation
import Encoder
import Explorer
import TerminalUI
import WordPiece

/// `bench explorer`: replays typing a sentence through the explorer's reducer and renderer (`KeystrokeReplay`)
/// on the real tokenizer and model, then times a forward pass and each view's first and repeat frame. Was an
/// assert-nothing unit test; timings belong here.
struct BenchExplorerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explorer", abstract: "Measure per-keystroke and per-frame times of the explorer.")

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: "Terminal width for the frames.")
    var width = 120

    @Option(name: .long, help: "Terminal height for the frames.")
    var height = 40

    static let sentences = [
        "The quick brown fox jumps over the lazy dog, and the cat watches it from the warm windowsill.",
        String(repeating: "the quick brown fox jumps over the lazy dog ", count: 7),
    ]

    func validate() throws {
        guard (60...1000).contains(width), (16...1000).contains(height) else {
            throw CommandFailure("--width must be 60...1000 and --height 16...1000, got \(width)x\(height)")
        }
    }

    func run() throws {
        let directory = try modelOptions.directory()
        let (tokenizer, model) = try modelOptions.tokenizerAndModel(in: directory)
        var replay = KeystrokeReplay(tokenizer: tokenizer, encoder: model)
        replay.width = width
        replay.height = height
        for sentence in Self.sentences { print(try replay.run(sentence)) }
        let long = String(repeating: "the quick brown fox jumps over the lazy dog ", count: 60)
        // Long enough on both sides to be cut to the model's positions; `token ##ization` gives the word view work.
        let pair = String(repeating: "the tokenization works ", count: 80) + "||| "
            + String(repeating: "a dog sleeps ", count: 100)
        for (what, text, keys) in [("", long, [InputEvent]()),
                                   (", a pair with norms, words and the A→B filter on (n m p)", pair,
                                    [.character("n"), .character("m"), .character("p")])] {
            let (encoder, views) = try replay.measureViews(text, keys: keys)
            print("at the maximum length (\(model.config.maxPositions) positions)\(what), \(width)×\(height): encoder "
                  + "\(Self.ms(encoder)) ms (wall); views (thread CPU): " + views.map { "\($0.view.lowercased()) view prepared \(Self.ms($0.prepare)) ms (background), first \(Self.ms($0.first)) ms, repeat \(Self.ms($0.repeated)) ms" }
                    .joined(separator: "; "))
        }
    }

    private static func ms(_ value: Double) -> String { String(format: "%.2f", value) }
}
