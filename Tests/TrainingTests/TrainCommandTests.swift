import Foundation
import TestSupport
import XCTest

/// `train`, `evaluate` and `classify --head` run as processes on the tiny-base fixture model.
final class TrainCommandTests: XCTestCase {
    private var directory: URL!
    private let model = Fixtures.url("encoder/models/tiny-base").path

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory("training-tests")
    }

    private func file(_ name: String, _ contents: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    private func run(_ arguments: [String], input: Data? = nil) throws -> BuiltBinary.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["BERT_EXPLORER_CACHE"] = directory.appendingPathComponent("cache").path
        return try BuiltBinary.run(arguments + ["--model", model], input: input, environment: environment)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    /// One stderr line containing `expected`, nothing on stdout, exit 1.
    private func assertFails(_ arguments: [String], _ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try run(arguments)
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(expected), "expected \(expected) in \(result.stderr)", file: file, line: line)
    }

    func testSweepSavesTheBestLayerThenEvaluateAndClassifyUseIt() throws {
        let data = Fixtures.url("training/tiny3.csv").path
        let out = directory.appendingPathComponent("head").path
        let trained = try run(["train", "--data", data, "--layer", "all", "--validation", "0.25", "--out", out, "--json", "--quiet"])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let summary = try json(trained.stdout)
        let sweep = try XCTUnwrap(summary["sweep"] as? [[String: Any]])
        XCTAssertEqual(sweep.map { $0["layer"] as? Int }, [0, 1, 2, 3])
        let best = sweep.max { ($0["accuracy"] as! Double, -($0["layer"] as! Int)) < ($1["accuracy"] as! Double, -($1["layer"] as! Int)) }!
        XCTAssertEqual(summary["layer"] as? Int, best["layer"] as? Int)
        XCTAssertEqual(summary["cached"] as? Bool, false)
        let head = try json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/head.json")), as: UTF8.self))
        XCTAssertEqual(head["labels"] as? [String], ["animal", "greeting", "place"])
        XCTAssertEqual((head["sweep"] as? [Any])?.count, 4)
        let weights = try Data(contentsOf: URL(fileURLWithPath: out + "/head.safetensors"))
        let header = String(decoding: weights[8..<(8 + Int(weights[0]) + Int(weights[1]) << 8)], as: UTF8.self)
        XCTAssertTrue(header.contains("\"classifier.weight\":{\"dtype\":\"F32\",\"shape\":[3,32]"), header)
        XCTAssertTrue(header.contains("\"classifier.bias\":{\"dtype\":\"F32\",\"shape\":[3]"), header)

        // Same data and layers again: features come from the cache.
        let again = try run(["train", "--data", data, "--layer", "all", "--validation", "0.25", "--out", out, "--json", "--quiet", "--head", "mlp", "--hidden", "8"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try json(again.stdout)["cached"] as? Bool, true)

        let evaluated = try run(["evaluate", "--head", out, "--data", data, "--json"])
        XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
        let metrics = try json(evaluated.stdout)
        XCTAssertEqual(metrics["examples"] as? Int, 60)
        let confusion = try XCTUnwrap(metrics["confusion"] as? [[Int]])
        XCTAssertEqual(confusion.joined().reduce(0, +), 60)
        XCTAssertEqual(metrics["accuracy"] as! Double, Double((0..<3).map { confusion[$0][$0] }.reduce(0, +)) / 60, accuracy: 1e-12)

        let classified = try run(["classify", "--head", out, "--json"], input: Data("the cat sat\nhello world\n".utf8))
        XCTAssertEqual(classified.status, 0, classified.stderr)
        let lines = classified.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let first = try json(String(lines[0]))
        XCTAssertEqual(Array(first.keys).sorted(), ["label", "labels", "logits", "probabilities"])
        let probabilities = try XCTUnwrap(first["probabilities"] as? [Double])
        XCTAssertEqual(probabilities.reduce(0, +), 1, accuracy: 1e-5)
        let labels = try XCTUnwrap(first["labels"] as? [String])
        XCTAssertEqual(first["label"] as? String, labels[probabilities.firstIndex(of: probabilities.max()!)!])
    }

    func testTokenTaskTrainsAndClassifiesEveryToken() throws {
        var text = ""
        let sentences = [("hello", "O"), ("world", "B-LOC"), ("cat", "B-PER"), ("mat", "I-PER")]
        for i in 0..<12 {
            for (j, pair) in sentences.enumerated() where (i + j) % 4 != 3 { text += "\(pair.0)\t\(pair.1)\n" }
            text += "\n"
        }
        let data = try file("tags.conll", text)
        let out = directory.appendingPathComponent("tagger").path
        let trained = try run(["train", "--task", "token", "--data", data, "--out", out, "--json", "--quiet"])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        XCTAssertNotNil((try json(trained.stdout)["metrics"] as? [String: Any])?["entities"])
        let classified = try run(["classify", "--head", out, "--json", "hello cat mat"])
        XCTAssertEqual(classified.status, 0, classified.stderr)
        let tokens = try XCTUnwrap(try json(classified.stdout)["tokens"] as? [[String: Any]])
        XCTAssertEqual(tokens.map { $0["text"] as? String }, ["[CLS]", "hello", "cat", "mat", "[SEP]"])
        XCTAssertTrue(tokens.allSatisfy { ($0["probabilities"] as? [Double])?.count == 4 && $0["label"] is String })
    }

    func testRowsLongerThanTheModelAreTruncatedAndCounted() throws {
        var text = "text,label\n"
        for i in 0..<8 { text += "\(i % 2 == 0 ? "the cat" : "hello world")\(i == 3 ? String(repeating: " the cat sat", count: 30) : ""),\(i % 2 == 0 ? "a" : "b")\n" }
        let trained = try run(["train", "--data", try file("long.csv", text), "--out", directory.appendingPathComponent("h").path, "--json", "--quiet"])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        XCTAssertEqual(try json(trained.stdout)["truncated"] as? Int, 1)
    }

    func testBadInputIsOneLineNamingFileAndLine() throws {
        let out = directory.appendingPathComponent("bad").path
        let good = "text,label\nthe cat,a\nthe mat,a\nhello,b\nworld,b\n"
        try assertFails(["train", "--data", try file("cols.csv", good), "--label-column", "sentiment", "--out", out],
                        "cols.csv:1: no column 'sentiment' in the header (columns: 'text', 'label')")
        try assertFails(["train", "--data", try file("empty.csv", ""), "--out", out], "empty.csv: no examples")
        try assertFails(["train", "--data", try file("once.csv", good + "where,c\n"), "--out", out],
                        "once.csv:6: label 'c' occurs only once")
        try assertFails(["train", "--data", try file("quote.csv", "text,label\nthe \"cat\",a\n"), "--out", out],
                        "quote.csv:2: a quote (\") inside an unquoted field")
        try assertFails(["train", "--data", try file("open.csv", "text,label\n\"the cat,a\nhello,b\n"), "--out", out],
                        "open.csv:2: a quoted field is never closed")
        try assertFails(["train", "--task", "token", "--data", try file("tab.conll", "the\tO\ncat B-PER\n"), "--out", out],
                        "tab.conll:2: expected token<TAB>tag, found no tab")
        try assertFails(["train", "--data", try file("train.csv", good), "--eval", try file("eval.csv", "text,label\nthe cat,a\n"), "--out", out],
                        "eval.csv: class 'b' has no example in the validation data")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testHeadRefusesAnotherEncoder() throws {
        let out = directory.appendingPathComponent("head").path
        let trained = try run(["train", "--data", Fixtures.url("training/tiny3.csv").path, "--out", out, "--quiet"])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        // The same model with one weight byte changed.
        let copy = directory.appendingPathComponent("tiny-changed")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: model), to: copy)
        var weights = try Data(contentsOf: copy.appendingPathComponent("model.safetensors"))
        weights[weights.count - 1] ^= 0x01
        try weights.write(to: copy.appendingPathComponent("model.safetensors"))
        var environment = ProcessInfo.processInfo.environment
        environment["BERT_EXPLORER_CACHE"] = directory.appendingPathComponent("cache").path
        let other = try BuiltBinary.run(["classify", "--head", out, "--model", copy.path, "the cat"], environment: environment)
        XCTAssertEqual(other.status, 1)
        XCTAssertEqual(other.stderr.split(separator: "\n").count, 1, other.stderr)
        XCTAssertTrue(other.stderr.contains("\(out)/head.json: trained on encoder 'tiny-base'"), other.stderr)
    }
}
