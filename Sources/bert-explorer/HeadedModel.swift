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

    /// Tokens one `forward(batch:)` call takes at most: four stacks a core, few enough that the captures of a
    /// batch of long lines stay small.
    static var batchTokens: Int { 4 * BertModel.stackRows * BertModel.batchThreads }

    /// Encodes `texts` and runs them through the encoder together (across every core, in calls of at most
    /// `batchTokens` tokens), keeping what `capture` asks for; `each` turns each pass into a result right away,
    /// so only one call's captures are held.
    func encode<Result>(_ texts: [String], pair: String?, capture: CaptureOptions,
                        _ each: (Encoding, EncoderOutput) throws -> Result) throws -> [Result] {
        let encodings = texts.map { tokenizer.encode($0, pair: pair, modelPositions: encoder.config.maxPositions) }
        var results: [Result] = []
        var first = 0
        while first < encodings.count {
            var end = first + 1, tokens = encodings[first].count
            while end < encodings.count, tokens + encodings[end].count <= Self.batchTokens {
                tokens += encodings[end].count
                end += 1
            }
            let inputs = encodings[first..<end].map { (ids: $0.ids, segments: $0.segments) }
            let outputs = try CommandFailure.wrap { try encoder.forward(batch: inputs, capture: capture) }
            for (encoding, output) in zip(encodings[first..<end], outputs) { results.append(try each(encoding, output)) }
            first = end
        }
        return results
    }
}
