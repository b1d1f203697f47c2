import Foundation
import SeededRandom
import TestSupport
import XCTest

/// Issue 7 item 1: no text from a model file, a path or the environment reaches the terminal raw. Every field
/// that ends up in an error is filled with escape sequences (retitle, clear screen, C1 CSI, DEL, a bidi override);
/// the error must stay one line, show them as `\u{1B}`, and stdout/stderr must carry no ESC, BEL, DEL or C1.
final class TerminalInjectionTests: XCTestCase {
    /// One place outside data enters: how to plant `payload` there, and the command that reports it.
    struct HostileField: Sendable {
        var name: String
        var plant: @Sendable (ModelDirectory, String) throws -> Void
        var arguments: @Sendable (ModelDirectory, String) -> [String] = { directory, _ in
            ["inspect", "--model", directory.url.path, "x"]
        }
        var environment: @Sendable (ModelDirectory, String) -> [String: String] = { _, _ in [:] }
    }

    static let fields: [HostileField] = [
        HostileField(name: "config.json model_type") { dir, p in try dir.editJSON("config.json") { $0["model_type"] = p } },
        HostileField(name: "config.json hidden_act") { dir, p in try dir.editJSON("config.json") { $0["hidden_act"] = p } },
        HostileField(name: "config.json position_embedding_type") { dir, p in
            try dir.editJSON("config.json") { $0["position_embedding_type"] = p }
        },
        HostileField(name: "config.json string for a number") { dir, p in
            try dir.editJSON("config.json") { $0["hidden_size"] = p }
        },
        HostileField(name: "tokenizer.json model.type") { dir, p in
            try dir.writeTokenizerModel { $0["type"] = p }
        },
        HostileField(name: "tokenizer.json unk_token") { dir, p in
            try dir.writeTokenizerModel { $0["unk_token"] = p }
        },
        HostileField(name: "tokenizer.json normalizer.type") { dir, p in
            try dir.writeTokenizerJSON { $0["normalizer"] = ["type": p] }
        },
        HostileField(name: "tokenizer.json vocabulary key") { dir, p in
            try dir.writeTokenizerModel { model in
                var vocab = model["vocab"] as! [String: Any]
                vocab[p] = "not an id"
                model["vocab"] = vocab
            }
        },
        HostileField(name: "safetensors dtype") { dir, p in
            try dir.editSafeTensorsHeader { header in
                var entry = header["pooler.dense.bias"] as! [String: Any]
                entry["dtype"] = p
                header["pooler.dense.bias"] = entry
            }
        },
        HostileField(name: "safetensors tensor name") { dir, p in
            try dir.editSafeTensorsHeader { $0[p] = ["dtype": "F32", "shape": [3], "data_offsets": [0, 4]] }
        },
        HostileField(name: "safetensors __metadata__ key") { dir, p in
            try dir.editSafeTensorsHeader { $0["__metadata__"] = [p: 5] }
        },
        HostileField(name: "tokenizer_config.json unk_token") { dir, p in
            try JSONSerialization.data(withJSONObject: ["unk_token": p]).write(to: dir.file("tokenizer_config.json"))
        },
        HostileField(name: "tokenizer_config.json model_max_length") { dir, p in
            try JSONSerialization.data(withJSONObject: ["model_max_length": p]).write(to: dir.file("tokenizer_config.json"))
        },
        HostileField(name: "--model path", plant: { _, _ in }, arguments: { dir, p in
            ["tokenize", "--model", dir.url.appendingPathComponent(p).path, "x"]
        }),
        HostileField(name: "BERT_EXPLORER_MODEL", plant: { _, _ in }, arguments: { _, _ in ["tokenize", "x"] },
                     environment: { dir, p in ["BERT_EXPLORER_MODEL": dir.url.appendingPathComponent(p).path] }),
    ]

    /// Bytes a terminal acts on: ESC, BEL, DEL, and C1 controls (U+0080-U+009F, as UTF-8 or raw).
    static func terminalControls(in data: String) -> [Unicode.Scalar] {
        data.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || ($0.value >= 0x7F && $0.value < 0xA0) }
    }

    private func run(_ field: HostileField, payload: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> BuiltBinary.Result {
        let directory = try ModelDirectory()
        defer { directory.remove() }
        try field.plant(directory, payload)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "BERT_EXPLORER_MODEL")
        environment.merge(field.environment(directory, payload)) { $1 }
        let result = try BuiltBinary.run(field.arguments(directory, payload), input: Data(), environment: environment)
        XCTAssertEqual(result.status, 1, "\(field.name): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(Self.terminalControls(in: result.stdout + result.stderr), [], field.name, file: file, line: line)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "\(field.name): \(result.stderr)", file: file, line: line)
        return result
    }

    func testEveryFieldIsEscapedInTheErrorLine() throws {
        let payload = "\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{9B}31m\u{7F}\u{202E}"
        for field in Self.fields {
            let result = try run(field, payload: payload)
            XCTAssertTrue(result.stderr.contains("\\u{1B}]0;PWNED\\u{7}\\u{1B}[2J\\u{9B}31m\\u{7F}\\u{202E}"),
                          "\(field.name): \(result.stderr)")
        }
    }

    /// Seeded random control-character strings through every field above.
    func testFuzzedControlCharactersNeverReachTheTerminal() throws {
        var generator = SeededGenerator(seed: 0x7E57_1A2B)
        let alphabet: [Unicode.Scalar] = (0..<0x20).map { Unicode.Scalar($0)! } + (0x7F...0x9F).map { Unicode.Scalar($0)! }
            + ["a", "[", ";", "\u{202E}", "\u{2028}", "\u{200B}", "é"]
        for field in Self.fields {
            for _ in 0..<3 {
                var payload = String.UnicodeScalarView()
                for _ in 0..<Int.random(in: 1...12, using: &generator) { payload.append(alphabet.randomElement(using: &generator)!) }
                if field.name.contains("path") || field.name.contains("MODEL") {
                    payload = String.UnicodeScalarView(payload.filter { $0 != "\0" && $0 != "/" })
                    if payload.isEmpty { payload.append("a") }
                }
                _ = try run(field, payload: String(payload))
            }
        }
    }
}
