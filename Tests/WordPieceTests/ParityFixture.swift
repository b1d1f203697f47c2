import Foundation
import TestSupport
import WordPiece
import XCTest

/// One expected encoding from `Tests/Fixtures/tokenizer/*.jsonl` (written by make_tokenizer_fixtures.py).
struct ParityCase {
    var line: Int
    var text: String
    var pair: String?
    var maxLength: Int?
    var ids: [Int]
    /// Hugging Face offsets, `(0, 0)` for the template's special tokens.
    var offsets: [(Int, Int)]
    var types: [Int]?
    var truncated: Bool?
    /// Token strings, where the fixture records them (added tokens report their matched text).
    var tokens: [String]?

    /// Reads every line of a fixture file; `text` comes from `"text"` or `"a"`.
    static func load(_ relative: String) throws -> [ParityCase] {
        let data = try Data(contentsOf: Fixtures.url("tokenizer/" + relative))
        var cases: [ParityCase] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let flat = try XCTUnwrap(object["offsets"] as? [Int])
            cases.append(ParityCase(
                line: index + 1, text: try XCTUnwrap((object["text"] ?? object["a"]) as? String),
                pair: object["b"] as? String, maxLength: object["max"] as? Int,
                ids: try XCTUnwrap(object["ids"] as? [Int]),
                offsets: stride(from: 0, to: flat.count, by: 2).map { (flat[$0], flat[$0 + 1]) },
                types: object["types"] as? [Int], truncated: object["truncated"] as? Bool,
                tokens: object["tokens"] as? [String]))
        }
        return cases
    }

    /// A readable difference between `encoding` and this case, or nil when they agree exactly.
    func mismatch(_ encoding: Encoding, tokenizer: BertTokenizer) -> String? {
        var problems: [String] = []
        if encoding.ids != ids {
            let first = zip(encoding.ids, ids).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(encoding.ids.count, ids.count)
            let window = max(0, first - 2)..<(first + 4)
            func show(_ list: [Int]) -> String {
                list[min(window.lowerBound, list.count)..<min(window.upperBound, list.count)]
                    .map { "\(tokenizer.token(for: $0) ?? "?")(\($0))" }.joined(separator: " ")
            }
            problems.append("ids differ at token \(first) (\(encoding.ids.count) vs \(ids.count) tokens):\n"
                            + "      expected … \(show(ids))\n      got      … \(show(encoding.ids))")
        } else {
            for (index, token) in encoding.tokens.enumerated() {
                let want = offsets[index]
                let got = token.start.map { ($0, token.end ?? -1) } ?? (0, 0)
                if want != got {
                    problems.append("offsets differ at token \(index) \(token.text): expected \(want) got \(got)")
                    break
                }
                if let tokens, token.text != tokens[index] {
                    problems.append("token \(index) text: expected \(tokens[index].debugDescription) got \(token.text.debugDescription)")
                    break
                }
                if tokens == nil, token.text != tokenizer.token(for: token.id) {
                    problems.append("token text \(token.text) is not the vocabulary string of \(token.id)")
                    break
                }
            }
        }
        if let types, encoding.segments != types, encoding.ids == ids {
            problems.append("segments differ: expected \(types) got \(encoding.segments)")
        }
        if encoding.positions != Array(0..<encoding.count) { problems.append("positions are not 0..<n") }
        if let truncated, truncated != encoding.truncated {
            problems.append("truncated: expected \(truncated) got \(encoding.truncated)")
        }
        guard !problems.isEmpty else { return nil }
        return "line \(line): \(Self.visible(text))" + (pair.map { " | pair: \(Self.visible($0))" } ?? "")
            + "\n    " + problems.joined(separator: "\n    ")
    }

    /// The text with control and invisible characters escaped, shortened to 160 characters.
    static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(160) {
            let category = scalar.properties.generalCategory
            if scalar.value < 0x20 || category == .control || category == .format || category == .unassigned
                || category == .privateUse || category == .lineSeparator || category == .paragraphSeparator {
                out += String(format: "\\u{%X}", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return "\"" + out + "\"" + (text.unicodeScalars.count > 160 ? "… (\(text.unicodeScalars.count) chars)" : "")
    }
}

/// Runs every case and fails once with the first mismatches, listed readably.
func assertParity(_ cases: [ParityCase], tokenizer: BertTokenizer, maxLength: Int? = Int.max,
                  file: StaticString = #filePath, line: UInt = #line) {
    var failures: [String] = []
    var count = 0
    for item in cases {
        let encoding = tokenizer.encode(item.text, pair: item.pair, maxLength: item.maxLength ?? maxLength)
        if let problem = item.mismatch(encoding, tokenizer: tokenizer) {
            count += 1
            if failures.count < 8 { failures.append(problem) }
        }
    }
    XCTAssertFalse(cases.isEmpty, "no fixture cases", file: file, line: line)
    if count > 0 {
        XCTFail("\(count) of \(cases.count) lines differ from Hugging Face; first ones:\n"
                + failures.joined(separator: "\n"), file: file, line: line)
    }
}
