import Encoder
import Foundation
import TestSupport

/// `Tests/Fixtures/heads/reference.json`, written by `make_head_fixtures.py` from transformers.
struct HeadReference: Decodable {
    struct Prediction: Decodable {
        let position: Int
        let layer: Int
        let ids: [Int]
        let probabilities: [Float]
    }

    struct Case: Decodable {
        let text: String
        let pair: String?
        let ids: [Int]
        let segments: [Int]
        let hidden: String
        let mlm: [Prediction]?
        let logits: [Float]?
        let probabilities: [Float]?
        let token_logits: [[Float]]?
        let token_probabilities: [[Float]]?
        let replaced_logits: [Float]?
        let replaced: [Float]?
    }

    struct Model: Decodable {
        let path: String
        let architecture: String
        let dtype: String
        let cases: [Case]
    }

    let top_k: Int
    let models: [String: Model]

    static func load() throws -> HeadReference {
        try JSONDecoder().decode(HeadReference.self, from: Data(contentsOf: Fixtures.url("heads/reference.json")))
    }

    static func directory(_ model: Model) -> URL { Fixtures.url("heads/" + model.path) }

    /// The reference hidden states of a case as an `EncoderOutput` (attentions zero: heads do not read them).
    static func output(_ reference: Case, hiddenSize: Int) throws -> EncoderOutput {
        let data = try Data(contentsOf: Fixtures.url("heads/" + reference.hidden))
        let floats = data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        let t = reference.ids.count, perLayer = t * hiddenSize
        let layers = floats.count / perLayer - 1
        let states = (0...layers).map { Array(floats[($0 * perLayer)..<(($0 + 1) * perLayer)]) }
        return EncoderOutput(layers: layers, heads: 1, tokens: t, hiddenSize: hiddenSize,
                             attentions: Array(repeating: [Float](repeating: 0, count: t * t), count: layers), hiddenStates: states)
    }
}
