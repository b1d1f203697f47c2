import ArgumentParser
import Foundation
import WordPiece

/// `bert-explorer classify`: a classifier's labels for a text (or each line of standard input).
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify a text (or each line of standard input) with a head trained by train.",
        discussion: """
            Sentence heads print the label and the probability of each label; token heads print a label under \
            each token. --json prints one object per input: {"labels":[...],"logits":[...],"probabilities":[...],\
            "label":"..."}, or for token heads {"labels":[...],"tokens":[{...token fields...,"logits":[...],\
            "probabilities":[...],"label":"..."},...]}.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Head directory written by train (head.json + head.safetensors).")
    var head: String?

    @Option(help: "Second sentence of a pair.")
    var pair: String?

    @Flag(help: "One JSON object per input.")
    var json = false

    @Argument(help: "The text; without it, each line of standard input.")
    var text: String?

    func run() throws {
        let source = try makeSource()
        let output = OutputBuffer(descriptor: 1)
        defer { output.flush() }
        if let text {
            try emit(source.classify(text, pair: pair), source: source, to: output)
            return
        }
        let reader = LineReader(descriptor: 0)
        while let bytes = reader.next(beforeBlocking: { output.flush() }) {
            let line = String(decoding: bytes, as: UTF8.self)
            try emit(source.classify(line, pair: pair), source: source, to: output)
        }
    }

    /// The classifier: a trained head with `--head`.
    private func makeSource() throws -> ClassifierSource {
        guard let head else {
            throw CommandFailure("classify needs --head DIR (a head written by bert-explorer train)")
        }
        let context = try EncoderContext(directory: try modelOptions.directory())
        return try TrainedHeadClassifier(headDirectory: URL(fileURLWithPath: head), context: context)
    }

    private func emit(_ result: ClassifierOutput, source: ClassifierSource, to output: OutputBuffer) throws {
        output.write { bytes in
            if json {
                ClassifierJSON.append(result, labels: source.labels, perToken: source.perToken, to: &bytes)
            } else {
                ClassifierText.append(result, labels: source.labels, perToken: source.perToken, to: &bytes)
            }
        }
    }
}
