import Foundation
import TestSupport
import WordPiece
import XCTest

/// Issue 7 items 2 and 19: tokenizer files are refused where Hugging Face refuses them (checked with the
/// reference venv), ids are checked against the number of entries, and an empty continuing-subword prefix
/// tokenizes as Hugging Face does (fixture `tokenizer/empty-prefix`, made by `make_empty_prefix_fixture.py`).
final class StrictLoadingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory("strict")
    }

    /// The message of the error `body` throws, or "no error".
    private func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// The empty-prefix fixture's tokenizer.json as an object, edited by `change`, loaded.
    private func load(_ change: (inout [String: Any]) -> Void) throws -> BertTokenizer {
        let source = Fixtures.url("tokenizer/empty-prefix/tokenizer.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        change(&json)
        let url = directory.appendingPathComponent("tokenizer.json")
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        return try BertTokenizer.load(tokenizerJSON: url)
    }

    private func editModel(_ json: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var model = json["model"] as! [String: Any]
        change(&model)
        json["model"] = model
    }

    func testEmptyContinuingSubwordPrefixMatchesHuggingFace() throws {
        let tokenizer = try BertTokenizer.load(tokenizerJSON: Fixtures.url("tokenizer/empty-prefix/tokenizer.json"))
        let cases = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: Fixtures.url("tokenizer/empty-prefix/expected.json"))) as? [[String: Any]])
        XCTAssertEqual(cases.count, 4)
        for entry in cases {
            let text = try XCTUnwrap(entry["text"] as? String)
            let encoding = tokenizer.encode(text)
            XCTAssertEqual(encoding.ids, entry["ids"] as? [Int], text)
            XCTAssertEqual(encoding.tokens.map(\.text), entry["tokens"] as? [String], text)
            let offsets = encoding.tokens.map { [$0.start ?? 0, $0.end ?? 0] }
            XCTAssertEqual(offsets, entry["offsets"] as? [[Int]], text)
        }
    }

    func testHuggingFaceRefusalsAreRefusedWithTheFileAndField() throws {
        let cases: [(String, (inout [String: Any]) -> Void, String)] = [
            ("added_tokens map", { $0["added_tokens"] = ["a": 1] }, "\"added_tokens\" is not an array of objects"),
            ("added_tokens null", { $0["added_tokens"] = NSNull() }, "\"added_tokens\" is not an array of objects"),
            ("negative max chars", { self.editModel(&$0) { $0["max_input_chars_per_word"] = -1 } },
             "max_input_chars_per_word must be a non-negative integer, got -1"),
            ("fractional max chars", { self.editModel(&$0) { $0["max_input_chars_per_word"] = 2.5 } },
             "max_input_chars_per_word must be a non-negative integer, got 2.5"),
            ("vocab id 4e9", { self.editModel(&$0) { model in
                var vocab = model["vocab"] as! [String: Any]
                vocab["world"] = 4_000_000_000
                model["vocab"] = vocab
            } }, "vocab entry \"world\" has id 4000000000, outside the 13 entries of the vocabulary and added tokens"),
            ("added id 3e9", { $0["added_tokens"] = [["id": 3_000_000_000, "content": "[NEW]"]] },
             "added token \"[NEW]\" has id 3000000000, outside the 14 entries"),
            ("template id", { $0["post_processor"] = ["type": "BertProcessing", "sep": ["[SEP]", 99], "cls": ["[CLS]", 1]] },
             "post-processor token \"[SEP]\" has id 99"),
        ]
        for (name, change, expected) in cases {
            let text = message { try self.load(change) }
            XCTAssertTrue(text.hasSuffix("tokenizer.json: " + expected) || text.contains("tokenizer.json: " + expected),
                          "\(name): \(text)")
        }
        // Accepted as Hugging Face accepts it: no added_tokens at all, and a large but sane limit.
        XCTAssertNoThrow(try load { $0.removeValue(forKey: "added_tokens") })
        let roomy = try load { self.editModel(&$0) { $0["max_input_chars_per_word"] = 1 << 40 } }
        XCTAssertEqual(roomy.encode("worldly").tokens.map(\.text), ["[CLS]", "world", "l", "y", "[SEP]"])
    }

    func testNonNumericModelMaxLengthIsRefused() throws {
        let vocabulary = directory.appendingPathComponent("vocab.txt")
        try "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n".write(to: vocabulary, atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("tokenizer_config.json")
        try #"{"model_max_length": "lots"}"#.write(to: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(message { try BertTokenizer.load(vocabulary: vocabulary, config: config) },
                       "\(config.path): model_max_length must be a positive integer, got lots")
        try #"{"model_max_length": null}"#.write(to: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(try BertTokenizer.load(vocabulary: vocabulary, config: config).maxLength, 512)
    }
}
