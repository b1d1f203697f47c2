import SafeText
import Encoder
import Foundation
import Heads
import WordPiece

/// A model directory loaded with its tokenizer, encoder and task heads, for `predict` and `classify`.
struct HeadedModel {
    let name: String
    let tokenizer: BertTokenizer
    let encoder: BertModel
    let heads: ModelHeads

    /// The heads are read from the encoder's own tensors (one open checkpoint, in whatever format it loaded);
    /// `require` rejects a model without the head a command needs before the tokenizer is read.
    static func load(_ options: ModelOptions, require: (ModelHeads, String) throws -> Void) throws -> HeadedModel {
        let directory = try options.directory()
        let encoder = try CommandFailure.wrap { try BertModel.load(directory: directory) }
        let heads = try CommandFailure.wrap {
            try ModelHeads.load(config: HeadConfig.load(url: directory.appendingPathComponent("config.json")),
                                tensors: encoder.tensors)
        }
        let name = TerminalText.escaped(options.model ?? directory.lastPathComponent)
        try require(heads, name)
        let tokenizer = try CommandFailure.wrap { try BertTokenizer.load(directory: directory) }
        return HeadedModel(name: name, tokenizer: tokenizer, encoder: encoder, heads: heads)
    }

    func encode(_ text: String, pair: String?) throws -> (Encoding, EncoderOutput) {
        let encoding = tokenizer.encode(text, pair: pair, modelPositions: encoder.config.maxPositions)
        let output = try CommandFailure.wrap { try encoder.forward(ids: encoding.ids, segments: encoding.segments) }
        return (encoding, output)
    }
}
