import SafeText
import ArgumentParser
import Encoder
import Foundation
import Heads
import WordPiece

/// `bert-explorer predict`: the masked-LM head's top-k words at chosen positions, at the last layer or at every
/// layer (the "logit lens").
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Show the masked-LM head's most probable words at each [MASK] (or chosen positions).",
        discussion: """
            For each chosen position (default: every [MASK]) prints the top-k vocabulary entries of the model's \
            masked-LM head with their softmax probabilities. --layer L applies the head to layer L's hidden state \
            instead of the last one; --layer all to every layer. Without TEXT, reads standard input and prints one \
            result per line. --json prints one line per input: \
            {"tokens":[...],"predictions":[{"position":4,"layer":6,"top":[{"token":"paris","id":3000,\
            "probability":0.412},...]},...]}.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Second sentence of a pair: [CLS] TEXT [SEP] PAIR [SEP].")
    var pair: String?

    @Option(name: .customLong("top-k"), help: "How many words per position.")
    var topK = 5

    @Option(help: "The layer whose hidden state the head reads: 1...layers, or all (default: the last).")
    var layer: String?

    @Option(help: "masks (every [MASK]), all, or token positions I,J,... (0 is [CLS]).")
    var positions = "masks"

    @Flag(help: "One JSON object per input.")
    var json = false

    @Argument(help: "The text; without it, each line of standard input.")
    var text: String?

    /// `--positions` parsed.
    enum Positions: Equatable {
        case masks, all
        case list([Int])
    }

    func validate() throws {
        guard topK >= 1 else { throw CommandFailure("--top-k must be at least 1, got \(topK)") }
        _ = try parsedPositions()
        if let layer, layer != "all", Int(layer) == nil {
            throw CommandFailure("--layer must be a layer number or all, got \(TokenTable.printable(layer))")
        }
    }

    func parsedPositions() throws -> Positions {
        switch positions {
        case "masks": return .masks
        case "all": return .all
        default:
            let parts = positions.split(separator: ",", omittingEmptySubsequences: false)
            let numbers = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == parts.count, numbers.allSatisfy({ $0 >= 0 }) else {
                throw CommandFailure("--positions must be masks, all or token positions like 1,4, got \(TokenTable.printable(positions))")
            }
            return .list(numbers)
        }
    }

    /// The layers to read, checked against the model's.
    func layers(of model: BertModel) throws -> [Int] {
        let count = model.config.layers
        guard let layer else { return [count] }
        if layer == "all" { return Array(1...count) }
        guard let number = Int(layer), (1...count).contains(number) else {
            throw CommandFailure("--layer \(TokenTable.printable(layer)) is outside the model's layers 1...\(count)")
        }
        return [number]
    }

    func run() throws {
        let model = try HeadedModel.load(modelOptions) { heads, name in
            guard heads.maskedLM == nil else { return }
            throw CommandFailure("\(name) has no masked-LM head (it is a \(TerminalText.escaped(heads.architecture))); use a *ForMaskedLM checkpoint, e.g. --model bert-base-uncased")
        }
        let head = model.heads.maskedLM!
        let layers = try layers(of: model.encoder), chosen = try parsedPositions()
        let maskID = model.tokenizer.id(for: "[MASK]")
        let output = OutputBuffer(descriptor: 1)
        defer { output.flush() }
        // The head reads the hidden states of the chosen layers only.
        let count = model.encoder.config.layers
        let capture = CaptureOptions(attentions: false, hiddenStates: layers == [count] ? .last : .all)
        try TextInputs.forEach(text: text, output: output, compute: { lines in
            try model.encode(lines, pair: pair, capture: capture) { encoding, states in
                let positions: [Int]
                switch chosen {
                case .masks: positions = encoding.tokens.indices.filter { encoding.tokens[$0].id == maskID }
                case .all: positions = Array(encoding.tokens.indices)
                case .list(let list):
                    if let bad = list.first(where: { $0 >= encoding.count }) {
                        throw CommandFailure("--positions \(bad) is past the last token (\(encoding.count) tokens, 0...\(encoding.count - 1))")
                    }
                    positions = list
                }
                let queries = layers.flatMap { layer in positions.map { MaskedLMQuery(layer: layer, position: $0) } }
                return (encoding, head.predict(states, queries: queries, topK: topK), positions.isEmpty)
            }
        }) { encoding, predictions, noMask in
            output.write { bytes in
                if json {
                    appendJSON(encoding, predictions, noMask: noMask, tokenizer: model.tokenizer, to: &bytes)
                } else {
                    appendText(encoding, predictions, noMask: noMask, tokenizer: model.tokenizer, to: &bytes)
                }
            }
        }
    }

    static let noMaskMessage = "no [MASK] in the input; mask a word or choose --positions all or I,J,..."

    private func appendJSON(_ encoding: Encoding, _ predictions: [MaskedLMPrediction], noMask: Bool,
                            tokenizer: BertTokenizer, to bytes: inout [UInt8]) {
        TokenJSON.append(ascii: "{\"tokens\":", to: &bytes)
        TokenJSON.appendTokens(encoding.tokens, to: &bytes)
        TokenJSON.append(ascii: ",\"predictions\":[", to: &bytes)
        for (index, prediction) in predictions.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: "{\"position\":\(prediction.position),\"layer\":\(prediction.layer),\"top\":[".utf8)
            for (rank, entry) in prediction.top.enumerated() {
                TokenJSON.append(ascii: rank == 0 ? "{\"token\":" : ",{\"token\":", to: &bytes)
                JSONText.appendQuoted(tokenizer.token(for: entry.id) ?? "", to: &bytes)
                bytes.append(contentsOf: ",\"id\":\(entry.id),\"probability\":".utf8)
                FloatJSON.append(entry.probability, to: &bytes)
                bytes.append(UInt8(ascii: "}"))
            }
            TokenJSON.append(ascii: "]}", to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        if noMask && positions == "masks" {
            TokenJSON.append(ascii: ",\"message\":", to: &bytes)
            JSONText.appendQuoted(Self.noMaskMessage, to: &bytes)
        }
        TokenJSON.append(ascii: "}\n", to: &bytes)
    }

    /// One line per prediction: `position  token  layer  word probability% ...`.
    private func appendText(_ encoding: Encoding, _ predictions: [MaskedLMPrediction], noMask: Bool,
                            tokenizer: BertTokenizer, to bytes: inout [UInt8]) {
        if noMask && positions == "masks" {
            bytes.append(contentsOf: (Self.noMaskMessage + "\n").utf8)
            return
        }
        for prediction in predictions {
            let token = TokenTable.printable(encoding.tokens[prediction.position].text)
            var line = "\(prediction.position) \(token) layer \(prediction.layer):"
            for entry in prediction.top {
                let word = TokenTable.printable(tokenizer.token(for: entry.id) ?? "#\(entry.id)")
                line += "  \(word) " + String(format: "%.3f", entry.probability)
            }
            bytes.append(contentsOf: (line + "\n").utf8)
        }
    }
}
