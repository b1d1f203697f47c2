import Foundation
import TestSupport
import XCTest

/// `bert-explorer stats` end to end: the corpus means against transformers' float64 statistics pooled over the
/// same sentences (Tests/Fixtures/analysis/reference.json), the CSV shape, one-line errors.
final class StatsCommandTests: XCTestCase {
    private func corpus(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stats-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// With one stats thread both sentences go into one stack (`BertModel.stackRows`), so this also checks a
    /// stacked pass against the reference, with the worker pool at one thread and at two.
    func testJSONMatchesPooledReference() throws {
        // The sentences of the bundled cases in make_analysis_fixtures.py, with a blank line that is skipped.
        let file = try corpus("The cat sat on the mat.\n\nWhere is the nearest train station? ||| It is two blocks north, past the museum.\n")
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("analysis/reference.json"))) as! [String: Any]
        let bundled = (reference["models"] as! [String: [String: Any]])["bundled"]!
        let pooled = bundled["pooled"] as! [String: [[Double]]]
        for poolThreads in ["1", "2"] {
            var environment = ProcessInfo.processInfo.environment
            environment["BERT_EXPLORER_THREADS"] = poolThreads
            let result = try BuiltBinary.run(["stats", "--json", "--threads", "1", file.path], environment: environment)
            XCTAssertEqual(result.status, 0, result.stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(json["sentences"] as? Int, 2)
            XCTAssertEqual(json["tokens"] as? Int, 9 + 20)
            let statistics = try XCTUnwrap(json["statistics"] as? [String: [[Double]]])
            XCTAssertEqual(Set(statistics.keys), Set(pooled.keys))
            for (name, grid) in pooled {
                let actual = try XCTUnwrap(statistics[name]).flatMap { $0 }, expected = grid.flatMap { $0 }
                XCTAssertEqual(actual.count, 72, name)
                for (a, e) in zip(actual, expected) {
                    XCTAssertLessThanOrEqual(abs(a - e), 1e-4 * abs(e) + 1e-6, "pool of \(poolThreads): \(name): \(a) vs \(e)")
                }
            }
        }
    }

    /// A model whose attention turns NaN (a NaN query weight in layer 1) still gives valid JSON: the statistics of
    /// NaN heads are null, never `nan` (nor an entropy of 0, as NaN terms used to be skipped).
    func testNonFiniteStatisticsAreNullInJSON() throws {
        let model = FileManager.default.temporaryDirectory.appendingPathComponent("stats-nonfinite-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.url("encoder/models/tiny-base"), to: model)
        addTeardownBlock { try? FileManager.default.removeItem(at: model) }
        try SafeTensorsPatch.write(.nan, tensor: "encoder.layer.1.attention.self.query.weight", element: 0,
                                   in: model.appendingPathComponent("model.safetensors"))
        let file = try corpus("the cat\n")
        let result = try BuiltBinary.run(["stats", "--json", "--model", model.path, file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("nan"), result.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        let statistics = try XCTUnwrap(json["statistics"] as? [String: [[Any]]])
        let entropy = try XCTUnwrap(statistics["entropy"])
        // The weight feeds head 0 of layer 1; everything after it reads that head's NaN output.
        XCTAssertTrue(entropy[0].allSatisfy { $0 is Double }, "layer 0 is finite: \(entropy[0])")
        XCTAssertTrue(entropy[1][0] is NSNull && entropy[1].dropFirst().allSatisfy { $0 is Double }, "\(entropy[1])")
        XCTAssertTrue(entropy[2].allSatisfy { $0 is NSNull }, "layer 2 is NaN: \(entropy[2])")
    }

    func testCSVHasOneRowPerHead() throws {
        let file = try corpus("The cat sat on the mat.\n")
        let result = try BuiltBinary.run(["stats", "--csv", "--threads", "1", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "layer,head,entropy,cls,sep,punctuation,self,previous,next,distance")
        XCTAssertEqual(lines.count, 1 + 6 * 12)
        XCTAssertEqual(lines[13].split(separator: ",").prefix(2), ["2", "1"])
        XCTAssertTrue(result.stderr.contains("1 sentences"), result.stderr)
    }

    func testMissingFileIsOneLineError() throws {
        let result = try BuiltBinary.run(["stats", "/nonexistent/corpus.txt"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "Error: /nonexistent/corpus.txt: No such file or directory\n")
        let both = try BuiltBinary.run(["stats", "--json", "--csv", "x"])
        XCTAssertEqual(both.status, 1)
        XCTAssertTrue(both.stderr.contains("--json and --csv exclude each other"), both.stderr)
    }
}
