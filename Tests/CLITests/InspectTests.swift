import Foundation
import TestSupport
import XCTest

/// `bert-explorer inspect` and `bench encoder` end to end: JSON shape, values against the Hugging Face
/// reference, truncation, and one-line errors.
final class InspectTests: XCTestCase {
    private func inspect(_ arguments: [String]) throws -> [String: Any] {
        let result = try BuiltBinary.run(["inspect"] + arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.filter { $0 == "\n" }.count, 1, "exactly one JSON line")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// The first bundled-model case of `Tests/Fixtures/encoder/index.json` and its reference floats.
    private func bundledReference() throws -> (ids: [Int], attentions: [Float], hidden: [Float], hiddenSize: Int) {
        let root = Fixtures.url("encoder")
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("index.json"))) as! [String: Any]
        let bundled = (index["models"] as! [String: [String: Any]])["bundled"]!
        let first = (bundled["cases"] as! [[String: Any]])[0]
        let data = try Data(contentsOf: root.appendingPathComponent("reference/\(first["file"] as! String)"))
        let floats = data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        let t = first["tokens"] as! Int, layers = first["layers"] as! Int, heads = first["heads"] as! Int
        let count = layers * heads * t * t
        return (first["ids"] as! [Int], Array(floats[..<count]), Array(floats[count...]), first["hidden_size"] as! Int)
    }

    func testInspectMatchesReference() throws {
        let json = try inspect(["--hidden-states", "The cat sat on the mat."])
        let reference = try bundledReference()
        let model = try XCTUnwrap(json["model"] as? [String: Any])
        XCTAssertEqual(model["name"] as? String, "all-MiniLM-L6-v2")
        XCTAssertEqual(model["layers"] as? Int, 6)
        XCTAssertEqual(model["heads"] as? Int, 12)
        XCTAssertEqual(model["hidden_size"] as? Int, 384)
        XCTAssertEqual(json["truncated"] as? Bool, false)
        let tokens = try XCTUnwrap(json["tokens"] as? [[String: Any]])
        XCTAssertEqual(tokens.map { $0["id"] as? Int }, reference.ids)
        let t = tokens.count

        let attentions = try XCTUnwrap(json["attentions"] as? [[[[Double]]]])
        XCTAssertEqual(attentions.count, 6)
        var flat: [Float] = []
        for layer in attentions {
            XCTAssertEqual(layer.count, 12)
            for head in layer {
                XCTAssertEqual(head.count, t)
                for row in head {
                    XCTAssertEqual(row.count, t)
                    XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-5)
                    flat += row.map(Float.init)
                }
            }
        }
        let attentionDifference = zip(flat, reference.attentions).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThanOrEqual(attentionDifference, 1e-4)

        let states = try XCTUnwrap(json["hidden_states"] as? [[[Double]]])
        XCTAssertEqual(states.count, 7)
        let hidden = states.flatMap { $0.flatMap { $0.map(Float.init) } }
        XCTAssertEqual(hidden.count, 7 * t * reference.hiddenSize)
        let hiddenDifference = zip(hidden, reference.hidden).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThanOrEqual(hiddenDifference, 1e-3)
        print("inspect vs transformers: max |diff| attention \(attentionDifference), hidden \(hiddenDifference)")

        let norms = try XCTUnwrap(json["hidden_norms"] as? [[Double]])
        XCTAssertEqual(norms.count, 7)
        let norm = states[3][2].reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertEqual(norms[3][2], norm, accuracy: 1e-3 * norm)
    }

    func testPairSegmentsAndNoHiddenStatesByDefault() throws {
        let json = try inspect(["--pair", "Is it?", "Where is it"])
        XCTAssertNil(json["hidden_states"])
        let tokens = try XCTUnwrap(json["tokens"] as? [[String: Any]])
        XCTAssertEqual(tokens.map { $0["segment"] as? Int }, [0, 0, 0, 0, 0, 1, 1, 1, 1])
        XCTAssertEqual((json["attentions"] as? [Any])?.count, 6)
    }

    /// A tiny fixture checkpoint with 64 positions and a 300-word vocab.txt keeps the output small.
    func testOverlongTextIsTruncatedAndFlagged() throws {
        let tiny = Fixtures.url("encoder/models/tiny-base").path
        let json = try inspect(["--model", tiny, "--hidden-states", String(repeating: "the cat sat ", count: 40)])
        XCTAssertEqual(json["truncated"] as? Bool, true)
        let tokens = try XCTUnwrap(json["tokens"] as? [[String: Any]])
        XCTAssertEqual(tokens.count, 64)
        XCTAssertEqual(tokens.first?["id"] as? Int, 2)
        XCTAssertEqual(tokens.last?["text"] as? String, "[SEP]")
        let attentions = try XCTUnwrap(json["attentions"] as? [[[[Double]]]])
        XCTAssertEqual(attentions.count, 3)
        XCTAssertEqual(attentions[2][3][63].count, 64)
        XCTAssertEqual((json["hidden_states"] as? [[[Double]]])?[3][63].count, 32)
        let short = try inspect(["--model", tiny, "the cat"])
        XCTAssertEqual(short["truncated"] as? Bool, false)
    }

    func testBadModelIsOneLineError() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bad-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for file in ["config.json", "vocab.txt", "tokenizer.json", "tokenizer_config.json"] {
            try FileManager.default.copyItem(at: Fixtures.bundledModel.appendingPathComponent(file),
                                             to: scratch.appendingPathComponent(file))
        }
        let cases: [(Data, String)] = [
            (Data([1, 2, 3]), "too short"),
            (Data([0xFF, 0xFF, 0, 0, 0, 0, 0, 0]) + Data("{}".utf8), "past the end of the file"),
            (Data([2, 0, 0, 0, 0, 0, 0, 0]) + Data("{x".utf8), "not valid JSON"),
            (Data([2, 0, 0, 0, 0, 0, 0, 0]) + Data("{}".utf8), "missing"),
        ]
        for (contents, fragment) in cases {
            try contents.write(to: scratch.appendingPathComponent("model.safetensors"))
            for arguments in [["inspect", "--model", scratch.path, "hello"], ["bench", "encoder", "--model", scratch.path, "--lengths", "4"]] {
                let result = try BuiltBinary.run(arguments)
                XCTAssertEqual(result.status, 1, arguments.joined(separator: " "))
                XCTAssertEqual(result.stdout, "")
                let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                XCTAssertFalse(message.contains("\n"), message)
                XCTAssertTrue(message.contains(fragment), "\(message) should mention \(fragment)")
            }
        }
        var config = try String(contentsOf: scratch.appendingPathComponent("config.json"), encoding: .utf8)
        config = config.replacingOccurrences(of: "\"num_attention_heads\": 12", with: "\"num_attention_heads\": 7")
        try config.write(to: scratch.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let result = try BuiltBinary.run(["inspect", "--model", scratch.path, "hello"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("does not divide hidden_size 384"), result.stderr)
    }

    func testBenchEncoderJSON() throws {
        let result = try BuiltBinary.run(["bench", "encoder", "--lengths", "8,16", "--seconds", "0.05", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(json.keys), ["load_ms", "peak_rss_mb", "lengths"])
        let lengths = try XCTUnwrap(json["lengths"] as? [[String: Any]])
        XCTAssertEqual(lengths.map { $0["tokens"] as? Int }, [8, 16])
        XCTAssertTrue(lengths.allSatisfy { ($0["median_ms"] as? Double ?? 0) > 0 })
        let bad = try BuiltBinary.run(["bench", "encoder", "--lengths", "16,x"])
        XCTAssertEqual(bad.status, 1)
        let tooLong = try BuiltBinary.run(["bench", "encoder", "--lengths", "513"])
        XCTAssertEqual(tooLong.status, 1)
        XCTAssertTrue(tooLong.stderr.contains("512 positions"), tooLong.stderr)
    }
}
