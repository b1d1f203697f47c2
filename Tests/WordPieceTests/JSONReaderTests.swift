import Foundation
import WordPiece
import XCTest

/// The tokenizer-file JSON parser against Foundation's on tricky input.
final class JSONReaderTests: XCTestCase {
    private func parse(_ text: String) throws -> Any {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { try JSONReader.parse(UnsafeBufferPointer($0)) }
    }

    func testValues() throws {
        let value = try XCTUnwrap(try parse("""
             {"a": [1, -2, 3.5, 1e3, 1e30, true, false, null], "s": "x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00é",
              "empty": {}, "list": [], "nested": {"k": [{"v": "w"}]}}
            """) as? [String: Any])
        let list = try XCTUnwrap(value["a"] as? [Any])
        XCTAssertEqual(list[0] as? Int, 1)
        XCTAssertEqual(list[1] as? Int, -2)
        XCTAssertEqual(list[2] as? Double, 3.5)
        XCTAssertEqual(list[3] as? Double, 1000)
        XCTAssertEqual(list[4] as? Double, 1e30)
        XCTAssertEqual(list[5] as? Bool, true)
        XCTAssertEqual(list[6] as? Bool, false)
        XCTAssertTrue(list[7] is JSONReader.Null)
        XCTAssertEqual(value["s"] as? String, "x\"\\/\u{8}\u{C}\n\r\té😀é")
        XCTAssertEqual((value["empty"] as? [String: Any])?.count, 0)
        XCTAssertEqual(((value["nested"] as? [String: Any])?["k"] as? [[String: Any]])?.first?["v"] as? String, "w")
    }

    /// An all-integer object (a vocabulary) comes back as `[String: Int]`; one that turns out otherwise keeps the
    /// integers read before; a repeated key keeps its last value either way.
    func testIntegerObjectsAndRepeatedKeys() throws {
        let vocabulary = try XCTUnwrap(try parse(#"{"a": 0, "b": -1, "a": 2}"#) as? [String: Int])
        XCTAssertEqual(vocabulary, ["a": 2, "b": -1])
        XCTAssertEqual((try parse(#"{"a": 0}"#) as? [String: Any])?["a"] as? Int, 0)
        let mixed = try XCTUnwrap(try parse(#"{"a": 1, "b": 2, "c": "x", "a": 3, "d": 1.5}"#) as? [String: Any])
        XCTAssertEqual(mixed["a"] as? Int, 3)
        XCTAssertEqual(mixed["b"] as? Int, 2)
        XCTAssertEqual(mixed["c"] as? String, "x")
        XCTAssertEqual(mixed["d"] as? Double, 1.5)
        XCTAssertNil(try parse(#"{"a": 1, "d": 1.5}"#) as? [String: Int])
    }

    func testErrorsNameTheOffset() {
        for (text, offset) in [("{\"a\": ", 6), ("[1, 2", 5), ("{\"a\" 1}", 5), ("\"\\ud800\"", 7), ("[1] x", 4),
                               ("{\"a\": tru}", 6), ("\"a\u{1}\"", 2)] {
            XCTAssertThrowsError(try parse(text), text) { error in
                XCTAssertEqual((error as? JSONReader.Failure)?.offset, offset, text)
            }
        }
    }

    func testBundledTokenizerJSONMatchesFoundation() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/models/all-MiniLM-L6-v2/tokenizer.json"))
        let ours = try data.withUnsafeBytes { try JSONReader.parse($0.bindMemory(to: UInt8.self)) } as? [String: Any]
        let theirs = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let ourVocab = try XCTUnwrap((ours?["model"] as? [String: Any])?["vocab"] as? [String: Any])
        let theirVocab = try XCTUnwrap((theirs?["model"] as? [String: Any])?["vocab"] as? [String: Any])
        XCTAssertEqual(ourVocab.count, theirVocab.count)
        for (key, value) in theirVocab { XCTAssertEqual(ourVocab[key] as? Int, (value as? NSNumber)?.intValue, key) }
    }
}
