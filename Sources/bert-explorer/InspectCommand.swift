import ArgumentParser
import Encoder
import Foundation
import WordPiece

/// `bert-explorer inspect`: one JSON object with the tokens, every layer's attention and hidden-state norms
/// (and, with `--hidden-states`, the hidden states themselves) of a text or a pair; without a text, one such
/// object per line of standard input.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Run the encoder on a text and print its attentions and hidden states as JSON.",
        discussion: """
            Prints {"model":{"name","layers","heads","hidden_size"},"tokens":[...],"truncated":false,\
            "attentions":[layer][head][query][key],"hidden_norms":[layer 0...L][token]} and, with \
            --hidden-states, "hidden_states":[layer 0...L][token][dim]. Layer 0 of the hidden states is the \
            embedding output. Floats are printed in their shortest form that reads back as the same float32; \
            NaN and infinity, which JSON cannot hold, are printed as null, with a warning on standard error naming \
            the first layer that has them. A text longer than the model's positions is truncated and "truncated" \
            is true. Without TEXT, each line of standard input gives one JSON line. --layers and --heads keep only \
            the listed encoder layers and heads (counting from 0; "layers" and "heads_shown" list them, and \
            hidden_norms/hidden_states then hold the outputs of those layers, without the embeddings; \
            --attention-norms and --qkv are not filtered).
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Second sentence of a pair: [CLS] TEXT [SEP] PAIR [SEP].")
    var pair: String?

    @Flag(name: .customLong("hidden-states"), help: "Also print every layer's hidden states.")
    var hiddenStates = false

    @Flag(name: .customLong("attention-norms"), help: "Also print \"attention_norms\":[layer][head][query][key], norm-based attention α_ij·‖f_h(x_j)‖ (Kobayashi et al. 2020).")
    var attentionNorms = false

    @Flag(name: .customLong("qkv"), help: "Also print \"queries\", \"keys\", \"values\":[layer][head][token][head_dim] (with bias, unscaled).")
    var queryKeyValue = false

    @Option(help: ArgumentHelp("Only these encoder layers, counting from 0: a list such as 0,2-3.", valueName: "list"))
    var layers: String?

    @Option(help: ArgumentHelp("Only these attention heads, counting from 0: a list such as 0-3,7.", valueName: "list"))
    var heads: String?

    @Argument(help: "The text to encode; without it, each line of standard input.")
    var text: String?

    func validate() throws {
        if let layers { _ = try IndexList.parse(layers, option: "--layers") }
        if let heads { _ = try IndexList.parse(heads, option: "--heads") }
    }

    func run() throws {
        let (tokenizer, model) = try modelOptions.tokenizerAndModel()
        let layerList = try layers.map { try IndexList.parse($0, option: "--layers", below: model.config.layers) }
        let headList = try heads.map { try IndexList.parse($0, option: "--heads", below: model.config.heads) }
        let buffer = OutputBuffer(descriptor: 1)
        let selection = Selection(layers: layerList, heads: headList, hiddenStates: hiddenStates)
        let capture = CaptureOptions(queryKeyValue: queryKeyValue, valueNorms: attentionNorms)
        if let text {
            let encoding = tokenizer.encode(text, pair: pair, modelPositions: model.config.maxPositions)
            let output = try CommandFailure.wrap {
                try model.forward(ids: encoding.ids, segments: encoding.segments, capture: capture)
            }
            warnAboutNonFiniteValues(output, line: nil, buffer: buffer)
            write(model: model, encoding: encoding, output: output, selection: selection, to: buffer)
        } else {
            let lines = LineEncoder(reader: LineReader(descriptor: 0), tokenizer: tokenizer, pair: pair,
                                    maxLength: min(tokenizer.maxLength, model.config.maxPositions))
            while let line = lines.next(beforeBlocking: { buffer.flush() }) {
                if let warning = line.warning {
                    buffer.flush()
                    CommandLineEntry.report("bert-explorer: \(warning)")
                }
                let encoding = line.encoding
                let output = try CommandFailure.wrap {
                    try model.forward(ids: encoding.ids, segments: encoding.segments, capture: capture)
                }
                warnAboutNonFiniteValues(output, line: lines.lineNumber, buffer: buffer)
                write(model: model, encoding: encoding, output: output, selection: selection, to: buffer)
            }
        }
        try buffer.finish()
    }

    private func write(model: BertModel, encoding: Encoding, output: EncoderOutput, selection: Selection,
                       to buffer: OutputBuffer) {
        InspectJSON.write(model: model, encoding: encoding, output: output, selection: selection, to: buffer) {
            writeCaptures(output, to: buffer)
        }
    }

    /// What to print of each forward pass.
    struct Selection {
        var layers: [Int]?
        var heads: [Int]?
        var hiddenStates: Bool
    }

    /// JSON has no NaN or infinity: say where they start, since `null`s alone are easy to miss.
    private func warnAboutNonFiniteValues(_ output: EncoderOutput, line: Int?, buffer: OutputBuffer) {
        guard let layer = NonFiniteScan.firstLayer(output) else { return }
        buffer.flush()
        let place = layer == 0 ? "the embeddings" : "encoder layer \(layer - 1) (counting from 0)"
        CommandLineEntry.report("warning: \(line.map { "line \($0): " } ?? "")NaN or infinite values from \(place) on; "
                                + "they are written as null")
    }
}
