import Foundation
import TestSupport
import XCTest

/// `bert-explorer tokenize`, run as a process.
final class TokenizeCommandTests: XCTestCase {
    private func json(_ line: Substring) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    func testJSONForOneText() throws {
        let result = try BuiltBinary.run(["tokenize", "--json", "Hello, \"world\" [MASK]\t日本"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            {"tokens":[{"text":"[CLS]","id":101,"position":0,"segment":0,"start":null,"end":null},\
            {"text":"hello","id":7592,"position":1,"segment":0,"start":0,"end":5},\
            {"text":",","id":1010,"position":2,"segment":0,"start":5,"end":6},\
            {"text":"\\"","id":1000,"position":3,"segment":0,"start":7,"end":8},\
            {"text":"world","id":2088,"position":4,"segment":0,"start":8,"end":13},\
            {"text":"\\"","id":1000,"position":5,"segment":0,"start":13,"end":14},\
            {"text":"[MASK]","id":103,"position":6,"segment":0,"start":15,"end":21},\
            {"text":"日","id":1864,"position":7,"segment":0,"start":22,"end":23},\
            {"text":"本","id":1876,"position":8,"segment":0,"start":23,"end":24},\
            {"text":"[SEP]","id":102,"position":9,"segment":0,"start":null,"end":null}],"truncated":false}

            """)
    }

    func testPairAndTruncation() throws {
        let result = try BuiltBinary.run(["tokenize", "--json", "--pair", "one two three four", "--max-length", "6",
                                          "alpha beta gamma"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(Substring(result.stdout.dropLast()))
        let tokens = try XCTUnwrap(object["tokens"] as? [[String: Any]])
        XCTAssertEqual(tokens.map { $0["text"] as? String }, ["[CLS]", "alpha", "[SEP]", "one", "two", "[SEP]"])
        XCTAssertEqual(tokens.map { $0["segment"] as? Int }, [0, 0, 0, 1, 1, 1])
        XCTAssertEqual(object["truncated"] as? Bool, true)
    }

    func testMaxLengthBelowTheSpecialTokensFailsWithOneLine() throws {
        for (arguments, minimum) in [(["--max-length=0", "--pair", "b", "a"], 3), (["--max-length=2", "--pair", "b", "a"], 3),
                                     (["--max-length=1", "a"], 2), (["--max-length=-1", "a"], 2), (["--max-length=1"], 2)] {
            let result = try BuiltBinary.run(["tokenize", "--json"] + arguments, input: Data("x\n".utf8))
            let command = arguments.joined(separator: " ")
            XCTAssertEqual(result.status, 1, command)
            XCTAssertEqual(result.stdout, "", command)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("--max-length must be at least \(minimum)"), result.stderr)
        }
        for (arguments, count) in [(["--max-length", "3", "--pair", "b", "a"], 3), (["--max-length", "2", "a"], 2)] {
            let result = try BuiltBinary.run(["tokenize", "--json"] + arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            let tokens = try XCTUnwrap(try json(Substring(result.stdout.dropLast()))["tokens"] as? [[String: Any]])
            XCTAssertEqual(tokens.count, count, arguments.joined(separator: " "))
        }
    }

    func testStdinOneJSONLinePerInputLineIncludingEmptyAndInvalidUTF8() throws {
        var input = Data("first line\n\nthird ".utf8)
        input.append(contentsOf: [0xFF, 0xFE])
        input.append(contentsOf: Array(" end\r\nlast".utf8))
        let result = try BuiltBinary.run(["tokenize", "--json"], input: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 5)  // four results and the final newline
        XCTAssertEqual(lines.last, "")
        let texts = try lines.dropLast().map { line in
            try XCTUnwrap(try json(line)["tokens"] as? [[String: Any]]).map { $0["text"] as? String ?? "?" }
        }
        XCTAssertEqual(texts, [["[CLS]", "first", "line", "[SEP]"], ["[CLS]", "[SEP]"],
                               ["[CLS]", "third", "end", "[SEP]"], ["[CLS]", "last", "[SEP]"]])
        XCTAssertEqual(result.stderr, "bert-explorer: line 3: invalid UTF-8, decoded with U+FFFD\n")
    }

    func testTableIsAlignedForWideCharacters() throws {
        let result = try BuiltBinary.run(["tokenize", "東京 is big"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            pos  token    id  seg  span  text
              0  [CLS]   101    0  -
              1  東     1879    0  0:1   東
              2  京     1755    0  1:2   京
              3  is     2003    0  3:5   is
              4  big    2502    0  6:9   big
              5  [SEP]   102    0  -

            """)
    }

    func testManyLinesStream() throws {
        let input = Data(String(repeating: "The quick brown fox jumps over the lazy dog.\n", count: 100_000).utf8)
        let result = try BuiltBinary.run(["tokenize", "--json"], input: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }, 100_000)
    }

    func testTenMegabyteLineIsTruncatedQuickly() throws {
        let input = Data((String(repeating: "lorem ipsum dolor ", count: 600_000) + "\n").utf8)
        let result = try BuiltBinary.run(["tokenize", "--json"], input: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix("\"truncated\":true}\n"))
    }

    func testBrokenModelFilesFailWithOneLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tok-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{\"model\": [".utf8).write(to: directory.appendingPathComponent("tokenizer.json"))
        let result = try BuiltBinary.run(["tokenize", "--model", directory.path, "hi"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("tokenizer.json: not valid JSON"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)

        try FileManager.default.removeItem(at: directory.appendingPathComponent("tokenizer.json"))
        try Data([0x5B, 0x55, 0x4E, 0x4B, 0x5D, 0x0A, 0xC3, 0x28, 0x0A]).write(to: directory.appendingPathComponent("vocab.txt"))
        let vocab = try BuiltBinary.run(["tokenize", "--model", directory.path, "hi"])
        XCTAssertEqual(vocab.status, 1)
        XCTAssertTrue(vocab.stderr.contains("vocab.txt: line 2: not valid UTF-8"), vocab.stderr)
    }

    func testNonPositiveModelMaxLengthFailsWithOneLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tok-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: Fixtures.bundledModel.appendingPathComponent("vocab.txt"),
                                         to: directory.appendingPathComponent("vocab.txt"))
        try Data("{\"model_max_length\": -1}".utf8).write(to: directory.appendingPathComponent("tokenizer_config.json"))
        let result = try BuiltBinary.run(["tokenize", "--model", directory.path, "hello world"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("tokenizer_config.json: model_max_length must be a positive integer, got -1"),
                      result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }

    func testBenchTokenizerReportsThroughput() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).txt")
        try Data(String(repeating: "Hello world, this is a test.\n", count: 200).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try BuiltBinary.run(["bench", "tokenizer", "--repeat", "1", "--json", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(Substring(result.stdout.dropLast()))
        XCTAssertEqual(object["lines"] as? Int, 200)
        XCTAssertNotNil(object["mb_per_s"] as? Double)
    }
}
