import SafeText
import ArgumentParser
import Foundation
import Heads
import WordPiece

/// `bert-explorer classify`: the label distribution of a checkpoint's sequence-classification head, or every
/// token's labels for a token-classification head; with `--head DIR`, of a head trained by `train`. Both sit
/// behind `ClassifierSource`.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify a text (or each token) with the model's classification head or a head trained by train (--head).",
        discussion: """
            Needs a checkpoint with a classification head (*ForSequenceClassification or \
            *ForTokenClassification); labels come from config.json's id2label. With --head DIR, runs a head \
            written by bert-explorer train instead, on the encoder it was trained on. Without TEXT, reads standard \
            input and prints one result per line. --json prints one line per input: for a sentence task \
            {"labels":[...],"logits":[...],"probabilities":[...],"label":"positive"}, for a token task \
            {"labels":[...],"tokens":[{...token fields...,"logits":[...],"probabilities":[...],"label":"B-PER"},...]}.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Head directory written by train (head.json + head.safetensors) instead of the checkpoint's head.")
    var head: String?

    @Option(help: "Second sentence of a pair: [CLS] TEXT [SEP] PAIR [SEP].")
    var pair: String?

    @Flag(help: "One JSON object per input.")
    var json = false

    @Argument(help: "The text; without it, each line of standard input.")
    var text: String?

    func run() throws {
        let source = try makeSource()
        let output = OutputBuffer(descriptor: 1)
        defer { output.flush() }
        let labels = source.labels
        try TextInputs.forEach(text: text, output: output, compute: { try source.classify($0, pair: pair) }) { result in
            output.write { bytes in
                switch (source.perToken, json) {
                case (false, true): Self.appendJSON(result.results[0], labels: labels, to: &bytes)
                case (false, false): Self.appendText(result.results[0], labels: labels, to: &bytes)
                case (true, true): Self.appendJSON(result.results, tokens: result.encoding.tokens, labels: labels, to: &bytes)
                case (true, false): Self.appendText(result.results, tokens: result.encoding.tokens, labels: labels, to: &bytes)
                }
            }
        }
    }

    /// A trained head with `--head`, else the checkpoint's own classification head.
    private func makeSource() throws -> ClassifierSource {
        if let head {
            let context = try EncoderContext(directory: try modelOptions.directory())
            return try TrainedHeadClassifier(headDirectory: URL(fileURLWithPath: head), context: context)
        }
        let model = try HeadedModel.load(modelOptions) { heads, name in
            guard heads.sequenceClassifier == nil && heads.tokenClassifier == nil else { return }
            throw CommandFailure("\(name) has no classification head (it is a \(TerminalText.escaped(heads.architecture))); use a *ForSequenceClassification or *ForTokenClassification checkpoint")
        }
        return CheckpointClassifier(model: model)
    }

    static func appendLabels(_ labels: [String], to bytes: inout [UInt8]) {
        TokenJSON.append(ascii: "\"labels\":[", to: &bytes)
        for (index, label) in labels.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(label, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// `,"logits":[...],"probabilities":[...],"label":"..."`.
    static func appendScores(_ result: Classification, labels: [String], to bytes: inout [UInt8]) {
        TokenJSON.append(ascii: ",\"logits\":", to: &bytes)
        result.logits.withUnsafeBufferPointer { FloatJSON.appendRow($0.baseAddress!, count: $0.count, to: &bytes) }
        TokenJSON.append(ascii: ",\"probabilities\":", to: &bytes)
        result.probabilities.withUnsafeBufferPointer { FloatJSON.appendRow($0.baseAddress!, count: $0.count, to: &bytes) }
        TokenJSON.append(ascii: ",\"label\":", to: &bytes)
        JSONText.appendQuoted(labels[result.best], to: &bytes)
    }

    static func appendJSON(_ result: Classification, labels: [String], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        appendLabels(labels, to: &bytes)
        appendScores(result, labels: labels, to: &bytes)
        TokenJSON.append(ascii: "}\n", to: &bytes)
    }

    static func appendJSON(_ results: [Classification], tokens: [Token], labels: [String], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        appendLabels(labels, to: &bytes)
        TokenJSON.append(ascii: ",\"tokens\":[", to: &bytes)
        for (index, (token, result)) in zip(tokens, results).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            TokenJSON.appendToken(token, to: &bytes)
            bytes.removeLast()  // the token object's "}": its scores follow inside it
            appendScores(result, labels: labels, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        TokenJSON.append(ascii: "]}\n", to: &bytes)
    }

    /// `label probability` pairs, most probable first, on one line.
    static func appendText(_ result: Classification, labels: [String], to bytes: inout [UInt8]) {
        let order = result.probabilities.indices.sorted { result.probabilities[$0] > result.probabilities[$1] }
        let line = order.map { TerminalText.escaped(labels[$0]) + " " + String(format: "%.3f", result.probabilities[$0]) }
        bytes.append(contentsOf: (line.joined(separator: "  ") + "\n").utf8)
    }

    /// One line per token: position, token, label, probability.
    static func appendText(_ results: [Classification], tokens: [Token], labels: [String], to bytes: inout [UInt8]) {
        for (token, result) in zip(tokens, results) {
            let best = result.best
            let line = "\(token.position) \(TokenTable.printable(token.text)) \(TerminalText.escaped(labels[best])) "
                + String(format: "%.3f", result.probabilities[best])
            bytes.append(contentsOf: (line + "\n").utf8)
        }
        bytes.append(0x0A)
    }
}
