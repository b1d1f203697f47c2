import ArgumentParser
import Encoder
import Foundation
import WordPiece

/// `bert-explorer inspect`: one JSON object with the tokens, every layer's attention and hidden-state norms
/// (and, with `--hidden-states`, the hidden states themselves) of a text or a pair.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Run the encoder on a text and print its attentions and hidden states as JSON.",
        discussion: """
            Prints {"model":{"name","layers","heads","hidden_size"},"tokens":[...],"truncated":false,\
            "attentions":[layer][head][query][key],"hidden_norms":[layer 0...L][token]} and, with \
            --hidden-states, "hidden_states":[layer 0...L][token][dim]. Layer 0 of the hidden states is the \
            embedding output. Floats are printed in their shortest form that reads back as the same float32. \
            A text longer than the model's positions is truncated and "truncated" is true.
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

    @Argument(help: "The text to encode.")
    var text: String

    func run() throws {
        let directory = try modelOptions.directory()
        let tokenizer = try CommandFailure.wrap { try BertTokenizer.load(directory: directory) }
        let model = try CommandFailure.wrap { try BertModel.load(directory: directory) }
        let encoding = tokenizer.encode(text, pair: pair, modelPositions: model.config.maxPositions)
        let capture = CaptureOptions(queryKeyValue: queryKeyValue, valueNorms: attentionNorms)
        let output = try CommandFailure.wrap { try model.forward(ids: encoding.ids, segments: encoding.segments, capture: capture) }
        let buffer = OutputBuffer(descriptor: 1)
        defer { buffer.flush() }
        write(model: model, encoding: encoding, output: output, to: buffer)
    }

    private func write(model: BertModel, encoding: Encoding, output: EncoderOutput, to buffer: OutputBuffer) {
        let t = output.tokens, d = output.hiddenSize
        buffer.write { bytes in
            TokenJSON.append(ascii: "{\"model\":{\"name\":", to: &bytes)
            TokenJSON.appendString(model.name, to: &bytes)
            bytes.append(contentsOf: ",\"layers\":\(output.layers),\"heads\":\(output.heads),\"hidden_size\":\(d)},\"tokens\":".utf8)
            TokenJSON.appendTokens(encoding.tokens, to: &bytes)
            TokenJSON.append(ascii: encoding.truncated ? ",\"truncated\":true" : ",\"truncated\":false", to: &bytes)
            TokenJSON.append(ascii: ",\"attentions\":[", to: &bytes)
        }
        for (layer, probabilities) in output.attentions.enumerated() {
            buffer.write { bytes in bytes.append(contentsOf: layer == 0 ? Array("[".utf8) : Array(",[".utf8)) }
            for head in 0..<output.heads {
                buffer.write { bytes in
                    bytes.append(contentsOf: head == 0 ? Array("[".utf8) : Array(",[".utf8))
                    probabilities.withUnsafeBufferPointer { values in
                        FloatJSON.appendMatrix(values.baseAddress! + head * t * t, rows: t, columns: t, to: &bytes)
                    }
                    bytes.append(UInt8(ascii: "]"))
                }
            }
            buffer.write { $0.append(UInt8(ascii: "]")) }
        }
        buffer.write { bytes in
            TokenJSON.append(ascii: "],\"hidden_norms\":[", to: &bytes)
            for (layer, norms) in output.hiddenNorms().enumerated() {
                if layer > 0 { bytes.append(UInt8(ascii: ",")) }
                norms.withUnsafeBufferPointer { FloatJSON.appendRow($0.baseAddress!, count: t, to: &bytes) }
            }
            bytes.append(UInt8(ascii: "]"))
        }
        if hiddenStates {
            buffer.write { TokenJSON.append(ascii: ",\"hidden_states\":[", to: &$0) }
            for (layer, states) in output.hiddenStates.enumerated() {
                buffer.write { bytes in
                    bytes.append(contentsOf: layer == 0 ? Array("[".utf8) : Array(",[".utf8))
                    states.withUnsafeBufferPointer { FloatJSON.appendMatrix($0.baseAddress!, rows: t, columns: d, to: &bytes) }
                    bytes.append(UInt8(ascii: "]"))
                }
            }
            buffer.write { $0.append(UInt8(ascii: "]")) }
        }
        writeCaptures(output, to: buffer)
        buffer.write { TokenJSON.append(ascii: "}\n", to: &$0) }
    }
}
