import Foundation
import TestSupport

/// One Hugging Face reference output from `Tests/Fixtures/encoder/index.json`.
struct ReferenceCase {
    let model: String
    let directory: URL
    let ids: [Int]
    let segments: [Int]
    let layers: Int, heads: Int, tokens: Int, hiddenSize: Int
    /// `[layer][head][query][key]`, flat.
    let attentions: [Float]
    /// `[layer 0...L][token][dim]`, flat.
    let hiddenStates: [Float]

    static func all() throws -> [ReferenceCase] {
        let root = Fixtures.url("encoder")
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("index.json")))
        let models = (index as! [String: Any])["models"] as! [String: [String: Any]]
        var cases: [ReferenceCase] = []
        for (name, entry) in models.sorted(by: { $0.key < $1.key }) {
            let path = entry["path"] as! String
            let directory = path == "bundled" ? Fixtures.bundledModel : root.appendingPathComponent(path)
            for item in entry["cases"] as! [[String: Any]] {
                let layers = item["layers"] as! Int, heads = item["heads"] as! Int
                let tokens = item["tokens"] as! Int, hidden = item["hidden_size"] as! Int
                let data = try Data(contentsOf: root.appendingPathComponent("reference/\(item["file"] as! String)"))
                let floats = data.withUnsafeBytes { raw in
                    (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
                }
                let attentionCount = layers * heads * tokens * tokens
                precondition(floats.count == attentionCount + (layers + 1) * tokens * hidden)
                cases.append(ReferenceCase(
                    model: name, directory: directory, ids: item["ids"] as! [Int], segments: item["segments"] as! [Int],
                    layers: layers, heads: heads, tokens: tokens, hiddenSize: hidden,
                    attentions: Array(floats[..<attentionCount]), hiddenStates: Array(floats[attentionCount...])))
            }
        }
        return cases
    }
}
