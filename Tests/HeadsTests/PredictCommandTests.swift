import Foundation
import TestSupport
import XCTest

/// `bert-explorer predict` and `classify`, run as a process on the head fixtures and compared with transformers.
final class PredictCommandTests: XCTestCase {
    /// The fixture models `include` selects, by name.
    static func models(_ reference: HeadReference, _ include: (HeadReference.Model) -> Bool) -> [(String, HeadReference.Model)] {
        reference.models.filter { include($0.value) }.sorted { $0.key < $1.key }
    }

    static func arguments(_ command: String, _ model: HeadReference.Model, _ reference: HeadReference.Case) -> [String] {
        [command, "--model", HeadReference.directory(model).path] + (reference.pair.map { ["--pair", $0] } ?? [])
    }

    static func lines(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testEveryPositionAtEveryLayerMatchesTransformers() throws {
        let reference = try HeadReference.load()
        let models = Self.models(reference) { $0.cases[0].mlm != nil }
        XCTAssertGreaterThanOrEqual(models.count, 3)
        // One process per model on the pair case (two [MASK]s); every case runs in process in EndToEndParityTests.
        for (name, model) in models {
            for (index, expected) in model.cases.enumerated() where index == 1 {
                let result = try BuiltBinary.run(Self.arguments("predict", model, expected)
                    + ["--json", "--layer", "all", "--positions", "all", "--top-k", "5", expected.text])
                XCTAssertEqual(result.status, 0, result.stderr)
                let object = try XCTUnwrap(Self.lines(result.stdout).first)
                let tokens = try XCTUnwrap(object["tokens"] as? [[String: Any]])
                XCTAssertEqual(tokens.compactMap { $0["id"] as? Int }, expected.ids)
                let predictions = try XCTUnwrap(object["predictions"] as? [[String: Any]])
                let want = try XCTUnwrap(expected.mlm).filter { $0.layer > 0 }
                XCTAssertEqual(predictions.count, want.count, name)
                for (got, want) in zip(predictions, want) {
                    XCTAssertEqual(got["position"] as? Int, want.position)
                    XCTAssertEqual(got["layer"] as? Int, want.layer)
                    let top = try XCTUnwrap(got["top"] as? [[String: Any]])
                    let probabilities = top.compactMap { ($0["probability"] as? NSNumber)?.floatValue }
                    HeadParityTests.assertClose(probabilities, want.probabilities, "\(name) case \(index) layer \(want.layer) position \(want.position)")
                    XCTAssertEqual(top[0]["id"] as? Int, want.ids[0])
                }
            }
        }
    }

    func testDefaultIsEveryMaskAtTheLastLayerAndStdinGivesOneLinePerInput() throws {
        let reference = try HeadReference.load()
        let model = try XCTUnwrap(reference.models["bert-mlm-f16"])
        let input = model.cases.map(\.text).joined(separator: "\n") + "\n"
        let result = try BuiltBinary.run(["predict", "--json", "--top-k", "3", "--model", HeadReference.directory(model).path],
                                         input: Data(input.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let objects = try Self.lines(result.stdout)
        XCTAssertEqual(objects.count, 3)
        // Case 0 has one [MASK] (position 6); case 2 has none and says so.
        let first = try XCTUnwrap(objects[0]["predictions"] as? [[String: Any]])
        XCTAssertEqual(first.map { $0["position"] as? Int }, [6])
        XCTAssertEqual(first.map { $0["layer"] as? Int }, [2])
        let want = try XCTUnwrap(model.cases[0].mlm?.first { $0.layer == 2 && $0.position == 6 })
        XCTAssertEqual((first[0]["top"] as? [[String: Any]])?.map { $0["id"] as? Int }, want.ids.prefix(3).map { $0 })
        XCTAssertEqual((objects[2]["predictions"] as? [Any])?.count, 0)
        XCTAssertEqual(objects[2]["message"] as? String, "no [MASK] in the input; mask a word or choose --positions all or I,J,...")

        let text = try BuiltBinary.run(["predict", "--model", HeadReference.directory(model).path, "where is it"])
        XCTAssertEqual(text.stdout, "no [MASK] in the input; mask a word or choose --positions all or I,J,...\n")
    }

    func testTextOutputNamesPositionLayerAndWords() throws {
        let path = Fixtures.url("heads/models/bert-mlm-f32").path
        let result = try BuiltBinary.run(["predict", "--model", path, "--top-k", "2", "--layer", "1", "the cat sat on the [MASK] ."])
        XCTAssertEqual(result.status, 0, result.stderr)
        let reference = try XCTUnwrap(HeadReference.load().models["bert-mlm-f32"]?.cases[0].mlm?.first { $0.layer == 1 && $0.position == 6 })
        let words = try reference.ids.prefix(2).map { id in
            try String(contentsOf: Fixtures.url("heads/models/bert-mlm-f32/vocab.txt"), encoding: .utf8).split(separator: "\n")[id]
        }
        let line = "6 [MASK] layer 1:  " + zip(words, reference.probabilities).map { "\($0) " + String(format: "%.3f", $1) }.joined(separator: "  ")
        XCTAssertEqual(result.stdout, line + "\n")
    }

    func testBadRequestsAreOneLineErrors() throws {
        let mlm = Fixtures.url("heads/models/bert-mlm-f32").path, seq = Fixtures.url("heads/models/bert-seq-f32").path
        let cases: [([String], String)] = [
            (["predict", "--model", seq, "a [MASK]"],
             "Error: \(seq) has no masked-LM head (it is a BertForSequenceClassification); use a *ForMaskedLM checkpoint, e.g. --model bert-base-uncased"),
            (["predict", "--model", mlm, "--layer", "3", "a [MASK]"], "Error: --layer 3 is outside the model's layers 1...2"),
            (["predict", "--model", mlm, "--positions", "1,x", "a"], "Error: --positions must be masks, all or token positions like 1,4, got 1,x"),
            (["predict", "--model", mlm, "--positions", "3", "a"], "Error: --positions 3 is past the last token (3 tokens, 0...2)"),
            (["predict", "--model", mlm, "--top-k", "0", "a"], "Error: --top-k must be at least 1, got 0"),
            (["classify", "--model", mlm, "a"],
             "Error: \(mlm) has no classification head (it is a BertForMaskedLM); use a *ForSequenceClassification or *ForTokenClassification checkpoint"),
        ]
        for (arguments, message) in cases {
            let result = try BuiltBinary.run(arguments)
            XCTAssertEqual(result.status, 1, arguments.joined(separator: " "))
            XCTAssertEqual(result.stderr.split(separator: "\n").first.map(String.init), message)
        }
    }

    func testClassifyMatchesTransformers() throws {
        let reference = try HeadReference.load()
        let models = Self.models(reference) { $0.cases[0].probabilities != nil || $0.cases[0].token_probabilities != nil }
        XCTAssertGreaterThanOrEqual(models.count, 3)
        for (name, model) in models {
            for (index, expected) in model.cases.enumerated() where index == 1 {
                let result = try BuiltBinary.run(Self.arguments("classify", model, expected) + ["--json", expected.text])
                XCTAssertEqual(result.status, 0, result.stderr)
                let object = try XCTUnwrap(Self.lines(result.stdout).first)
                let labels = try XCTUnwrap(object["labels"] as? [String])
                let label = "\(name) case \(index)"
                if let want = expected.probabilities {
                    let got = try XCTUnwrap(object["probabilities"] as? [NSNumber]).map(\.floatValue)
                    HeadParityTests.assertClose(got, want, label)
                    XCTAssertEqual(object["label"] as? String, labels[want.indices.max { want[$0] < want[$1] }!])
                } else {
                    let tokens = try XCTUnwrap(object["tokens"] as? [[String: Any]])
                    let want = try XCTUnwrap(expected.token_probabilities)
                    XCTAssertEqual(tokens.count, want.count, label)
                    for (token, probabilities) in zip(tokens, want) {
                        let got = try XCTUnwrap(token["probabilities"] as? [NSNumber]).map(\.floatValue)
                        HeadParityTests.assertClose(got, probabilities, label)
                        XCTAssertNotNil(token["text"] as? String)
                    }
                }
            }
        }
    }
}
