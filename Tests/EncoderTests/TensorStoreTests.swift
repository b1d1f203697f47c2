import Encoder
import Foundation
import TestSupport
import XCTest

/// `TensorStore`: prefixes, `gamma`/`beta` aliases, shape and dtype checks, several sources, and what the
/// masked-LM heads read from it.
final class TensorStoreTests: XCTestCase {
    private func file(_ build: (inout SafeTensorsBuilder) -> Void) throws -> SafeTensorsFile {
        var builder = SafeTensorsBuilder()
        build(&builder)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).safetensors")
        try builder.bytes().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try SafeTensorsFile(url: url)
    }

    func testPrefixAliasesAndChecks() throws {
        let source = try file {
            $0.addFloat32("bert.embeddings.LayerNorm.gamma", shape: [2], values: [1, 2])
            $0.addFloat32("bert.embeddings.LayerNorm.beta", shape: [2], values: [3, 4])
            $0.addFloat32("cls.predictions.bias", shape: [3], values: [5, 6, 7])
        }
        let root = try TensorStore(label: "model.safetensors", sources: [("model.safetensors", source)])
        XCTAssertEqual(root.names, ["bert.embeddings.LayerNorm.beta", "bert.embeddings.LayerNorm.gamma", "cls.predictions.bias"])
        XCTAssertEqual(root.detectPrefix(of: "embeddings.LayerNorm.gamma", among: ["distilbert.", "bert."]), "bert.")
        let base = root.withPrefix("bert.")
        XCTAssertEqual(try base.floats("embeddings.LayerNorm.weight", shape: [2]), [1, 2])
        XCTAssertEqual(try base.floats("embeddings.LayerNorm.bias", shape: [2]), [3, 4])
        XCTAssertNil(base.tensor("cls.predictions.bias"))
        XCTAssertEqual(try root.floats("cls.predictions.bias", shape: [3]), [5, 6, 7])
        XCTAssertThrowsError(try base.require("embeddings.LayerNorm.weight", shape: [3])) {
            XCTAssertEqual("\($0)", "model.safetensors: tensor bert.embeddings.LayerNorm.gamma has shape [2], expected [3]")
        }
        XCTAssertThrowsError(try base.require("pooler.dense.weight", shape: [2, 2])) {
            XCTAssertEqual("\($0)", "tensor bert.pooler.dense.weight is missing from model.safetensors (expected shape [2, 2])")
        }
    }

    func testSeveralSourcesAndDuplicates() throws {
        let first = try file { $0.addFloat32("a", shape: [1], values: [1]) }
        let second = try file { $0.addFloat32("b", shape: [1], values: [2]) }
        let shards = try TensorStore(label: "model.safetensors.index.json",
                                     sources: [("model-00001-of-00002.safetensors", first), ("model-00002-of-00002.safetensors", second)])
        XCTAssertEqual(try shards.floats("b", shape: [1]), [2])
        XCTAssertEqual(shards.tensor("b")?.sourceLabel, "model-00002-of-00002.safetensors")
        XCTAssertEqual(shards.dataByteCount, first.dataByteCount + second.dataByteCount)
        XCTAssertThrowsError(try TensorStore(label: "x", sources: [("one.safetensors", first), ("two.safetensors", first)])) {
            XCTAssertEqual("\($0)", "tensor a is in both one.safetensors and two.safetensors")
        }
    }

    /// The masked-LM heads of each family read their weights through the model's store: the architecture map
    /// names them, a tied decoder reads the word embeddings.
    func testMaskedLMHeadTensorsAreReachable() throws {
        for (name, architecture, width) in [("tiny-mlm-f16", Architecture.bert, 32), ("tiny-distilbert-mlm-f16", .distilbert, 32),
                                            ("tiny-electra-generator-f16", .electra, 16)] {
            let model = try BertModel.load(directory: Fixtures.url("encoder/models/\(name)"))
            XCTAssertEqual(model.architecture, architecture)
            let head = architecture.tensorNames.maskedLMHead, root = model.tensors.withPrefix("")
            XCTAssertNotNil(root.tensor(head.transform + ".weight"), name)
            XCTAssertNotNil(root.tensor(head.transformNorm + ".weight"), name)
            XCTAssertEqual(try root.floats(head.decoderBias, shape: [300]).count, 300, name)
            // Tied decoders are not stored: the word embeddings serve instead.
            let decoder = root.tensor(head.decoderWeight) ?? model.wordEmbeddings
            XCTAssertEqual(decoder.shape, [300, width], name)
            XCTAssertEqual(decoder.floats().count, 300 * width, name)
        }
    }
}
