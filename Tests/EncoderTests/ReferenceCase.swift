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

    /// A malformed index throws (failing the test that reads it) rather than trapping the whole run.
    struct MalformedIndex: Error, CustomStringConvertible {
        let description: String
    }

    static func field<T>(_ object: [String: Any], _ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = object[key] as? T else { throw MalformedIndex(description: "index.json: \(key) missing or not \(T.self)") }
        return value
    }

    /// Little-endian float32 values of a reference file.
    static func floats(_ url: URL) throws -> [Float] {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }

    static func all() throws -> [ReferenceCase] {
        let root = Fixtures.url("encoder")
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("index.json")))
        let models: [String: [String: Any]] = try field(index as? [String: Any] ?? [:], "models")
        var cases: [ReferenceCase] = []
        for (name, entry) in models.sorted(by: { $0.key < $1.key }) {
            let path: String = try field(entry, "path")
            let directory = path == "bundled" ? Fixtures.bundledModel : root.appendingPathComponent(path)
            for item in try field(entry, "cases", as: [[String: Any]].self) {
                let layers: Int = try field(item, "layers"), heads: Int = try field(item, "heads")
                let tokens: Int = try field(item, "tokens"), hidden: Int = try field(item, "hidden_size")
                let floats = try floats(root.appendingPathComponent("reference/\(try field(item, "file", as: String.self))"))
                let attentionCount = layers * heads * tokens * tokens
                guard floats.count == attentionCount + (layers + 1) * tokens * hidden else {
                    throw MalformedIndex(description: "\(name): reference file size does not match its shapes")
                }
                cases.append(ReferenceCase(
                    model: name, directory: directory, ids: try field(item, "ids"), segments: try field(item, "segments"),
                    layers: layers, heads: heads, tokens: tokens, hiddenSize: hidden,
                    attentions: Array(floats[..<attentionCount]), hiddenStates: Array(floats[attentionCount...])))
            }
        }
        return cases
    }
}
