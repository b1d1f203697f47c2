import Foundation
import TestSupport
import WordPiece
import XCTest

/// Lines longer than one normalisation chunk (65,536 scalars) are cut after ASCII whitespace or punctuation;
/// the result must equal tokenizing them in one piece.
final class ChunkingTests: XCTestCase {
    func testLongLinesTokenizeAsInOnePiece() throws {
        let chunked = try BertTokenizer.load(directory: Fixtures.bundledModel)
        // A normalised added token that never occurs turns chunking off without changing any result.
        let source = try Data(contentsOf: Fixtures.bundledModel.appendingPathComponent("tokenizer.json"))
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: source) as? [String: Any])
        var added = try XCTUnwrap(json["added_tokens"] as? [[String: Any]])
        added.append(["id": 30522, "content": "qqqzzzqqq", "single_word": false, "lstrip": false, "rstrip": false,
                      "normalized": true, "special": false])
        json["added_tokens"] = added
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("unchunked-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let whole = try BertTokenizer.load(tokenizerJSON: url)

        let corpus = try ParityCase.load("corpus.jsonl").map(\.text)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3 {
            var line = ""
            while line.unicodeScalars.count < 100_000 { line += corpus.randomElement(using: &generator)! }
            let expected = whole.encode(line, maxLength: Int.max)
            let got = chunked.encode(line, maxLength: Int.max)
            XCTAssertEqual(got.ids, expected.ids)
            XCTAssertEqual(got.tokens.map(\.start), expected.tokens.map(\.start))
            XCTAssertEqual(got.tokens.map(\.end), expected.tokens.map(\.end))
        }
        // Marks after punctuation at a chunk boundary, and a long run of marks.
        let marks = String(repeating: "a.\u{301}\u{316}b ", count: 30_000) + "x" + String(repeating: "\u{301}", count: 70_000)
        XCTAssertEqual(chunked.encode(marks, maxLength: Int.max).ids, whole.encode(marks, maxLength: Int.max).ids)
    }
}
