import Encoder
import Foundation
import TestSupport
import XCTest

/// Loading checks on model directories: config fields, tensor names and shapes, forward-pass input limits.
final class ModelLoadingTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.url("encoder/models/tiny-base"), to: scratch)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func editConfig(_ edit: (inout [String: Any]) -> Void) throws {
        let url = scratch.appendingPathComponent("config.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
    }

    private func assertLoadFails(mentioning fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try BertModel.load(directory: scratch), file: file, line: line) { error in
            let message = "\(error)"
            for fragment in fragments {
                XCTAssertTrue(message.contains(fragment), "\"\(message)\" should mention \"\(fragment)\"", file: file, line: line)
            }
            XCTAssertFalse(message.contains("\n"), file: file, line: line)
        }
    }

    func testLoadsEveryFixtureCheckpoint() throws {
        let fixtures = [("tiny-base", false, 32), ("tiny-mlm-f16", true, 32), ("tiny-bf16-relu", false, 32),
                        ("tiny-cls-gelu-new", true, 32), ("tiny-f32-hidden40", false, 40), ("tiny-f32-tinybert-shape", false, 52),
                        ("tiny-bert-gamma-beta", true, 32)]
        for (name, prefixed, hidden) in fixtures {
            let model = try BertModel.load(directory: Fixtures.url("encoder/models/\(name)"))
            XCTAssertEqual(model.name, name)
            XCTAssertEqual(model.hasPrefix, prefixed, name)
            XCTAssertEqual(model.config.hiddenSize, hidden)
            XCTAssertEqual(model.architecture, .bert)
        }
        let bundled = try BertModel.load(directory: Fixtures.bundledModel)
        XCTAssertEqual(bundled.config, BertConfig(hiddenSize: 384, layers: 6, heads: 12, intermediateSize: 1536,
                                                  vocabSize: 30522, nameOrPath: "nreimers/MiniLM-L6-H384-uncased"))
    }

    func testRefusesSizesTheFileCannotHold() throws {
        let original = try Data(contentsOf: scratch.appendingPathComponent("config.json"))
        for (key, value) in [("max_position_embeddings", 1 << 40), ("hidden_size", 1 << 40), ("intermediate_size", 1 << 62)] {
            try original.write(to: scratch.appendingPathComponent("config.json"))
            try editConfig { $0[key] = value; $0["num_attention_heads"] = 1 }
            assertLoadFails(mentioning: ["cannot hold the weights config.json describes"])
        }
    }

    func testRefusesOtherModelTypes() throws {
        try editConfig { $0["model_type"] = "roberta" }
        assertLoadFails(mentioning: ["config.json: model_type \"roberta\" is not supported (bert, distilbert, electra)"])
        try editConfig { $0["model_type"] = "evil\u{1B}[2J" }
        assertLoadFails(mentioning: ["model_type \"evil\\u{1B}[2J\" is not supported"])
    }

    func testRefusesHeadsNotDividingHiddenSize() throws {
        try editConfig { $0["num_attention_heads"] = 5 }
        assertLoadFails(mentioning: ["num_attention_heads 5 does not divide hidden_size 32"])
    }

    func testRefusesUnknownActivation() throws {
        try editConfig { $0["hidden_act"] = "swish" }
        assertLoadFails(mentioning: ["hidden_act \"swish\""])
    }

    func testReportsVocabularyLargerThanEmbeddingMatrix() throws {
        try editConfig { $0["vocab_size"] = 400 }
        assertLoadFails(mentioning: ["embeddings.word_embeddings.weight", "[300, 32]", "expected [400, 32]"])
    }

    func testReportsMissingTensorByName() throws {
        try editConfig { $0["num_hidden_layers"] = 4 }
        assertLoadFails(mentioning: ["encoder.layer.3.attention.self.query.weight", "missing"])
    }

    func testReportsMisshapedTensor() throws {
        try editConfig { $0["intermediate_size"] = 48 }
        assertLoadFails(mentioning: ["encoder.layer.0.intermediate.dense.weight", "has shape [64, 32], expected [48, 32]"])
    }

    func testReportsCorruptWeightsFile() throws {
        let url = scratch.appendingPathComponent("model.safetensors")
        let data = try Data(contentsOf: url)
        try data.prefix(data.count / 2).write(to: url)
        assertLoadFails(mentioning: ["model.safetensors", "past the end"])
        try Data("{}".utf8).write(to: url)
        assertLoadFails(mentioning: ["model.safetensors"])
        try FileManager.default.removeItem(at: url)
        assertLoadFails(mentioning: ["no model.safetensors"])
    }

    func testRejectsBadForwardInputAndHonoursCancellation() throws {
        let model = try BertModel.load(directory: Fixtures.url("encoder/models/tiny-base"))
        func assertRefused(_ ids: [Int], _ segments: [Int], _ message: String, line: UInt = #line) {
            XCTAssertThrowsError(try model.forward(ids: ids, segments: segments), line: line) {
                XCTAssertEqual("\($0)", message, line: line)
            }
        }
        assertRefused([], [], "no tokens to encode")
        assertRefused([1, 300], [0, 0], "token id 300 is outside the vocabulary (size 300)")
        assertRefused([1, 2], [0, 2], "segment id 2 is outside the token type vocabulary (size 2)")
        assertRefused([1, 2], [0], "1 segment ids for 2 tokens")
        assertRefused(Array(repeating: 1, count: 65), Array(repeating: 0, count: 65), "65 tokens exceed the model's 64 positions")
        XCTAssertEqual(try model.forward(ids: Array(repeating: 1, count: 64), segments: Array(repeating: 0, count: 64)).tokens, 64)
        var calls = 0
        XCTAssertThrowsError(try model.forward(ids: [1, 2, 3], segments: [0, 0, 0], isCancelled: { calls += 1; return calls > 1 })) {
            XCTAssertTrue($0 is CancellationError)
        }
        XCTAssertEqual(calls, 2)
    }

    func testConcurrentForwardCallsAgree() throws {
        let model = try BertModel.load(directory: Fixtures.bundledModel)
        let ids = [101, 7592, 2088, 2003, 1037, 3231, 102]
        let expected = try model.forward(ids: ids, segments: Array(repeating: 0, count: ids.count))
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let output = try? model.forward(ids: ids, segments: Array(repeating: 0, count: ids.count))
            XCTAssertEqual(output?.hiddenStates, expected.hiddenStates)
        }
    }
}
