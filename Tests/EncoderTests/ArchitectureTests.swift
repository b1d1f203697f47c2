import Encoder
import Foundation
import TestSupport
import XCTest

/// DistilBERT and ELECTRA load into the generic encoder: config keys, prefixes, optional segment embeddings and
/// the ELECTRA embedding projection (numerical parity is in `ParityTests`).
final class ArchitectureTests: XCTestCase {
    private func load(_ name: String) throws -> BertModel {
        try BertModel.load(directory: Fixtures.url("encoder/models/\(name)"))
    }

    func testDistilBERTConfigAndPrefixes() throws {
        let bare = try load("tiny-distilbert-f32")
        XCTAssertEqual(bare.architecture, .distilbert)
        XCTAssertEqual(bare.config, BertConfig(hiddenSize: 32, layers: 2, heads: 4, intermediateSize: 64, maxPositions: 64,
                                               typeVocabSize: 0, vocabSize: 300, architecture: .distilbert))
        XCTAssertFalse(bare.hasPrefix)
        XCTAssertFalse(bare.config.hasTokenTypes)
        let headed = try load("tiny-distilbert-cls-bf16")
        XCTAssertTrue(headed.hasPrefix)
        XCTAssertEqual(headed.config.activation, .relu)
        XCTAssertEqual(headed.tensors.prefix, "distilbert.")
    }

    func testDistilBERTIgnoresSegmentIds() throws {
        let model = try load("tiny-distilbert-f32")
        let ids = [2, 40, 41, 3, 42, 3]
        let single = try model.forward(ids: ids, segments: Array(repeating: 0, count: 6))
        let pair = try model.forward(ids: ids, segments: [0, 0, 0, 0, 7, 7])
        XCTAssertEqual(single.hiddenStates, pair.hiddenStates)
    }

    func testELECTRAEmbeddingProjection() throws {
        let projected = try load("tiny-electra-f32")
        XCTAssertEqual(projected.architecture, .electra)
        XCTAssertEqual(projected.config.embeddingSize, 24)
        XCTAssertEqual(projected.wordEmbeddings.shape, [300, 24])
        let output = try projected.forward(ids: [2, 40, 3], segments: [0, 0, 0])
        XCTAssertEqual(output.hiddenStates[0].count, 3 * 32, "layer 0 is the projected embedding output")
        let discriminator = try load("tiny-electra-discriminator-bf16")
        XCTAssertEqual(discriminator.config.embeddingSize, 32)
        XCTAssertTrue(discriminator.hasPrefix)
        XCTAssertEqual(discriminator.config.activation, .geluTanh)
    }

    func testReportsMissingDistilBERTTensorByItsOwnName() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("distil-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.url("encoder/models/tiny-distilbert-f32"), to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let url = scratch.appendingPathComponent("config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        json["n_layers"] = 3
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        XCTAssertThrowsError(try BertModel.load(directory: scratch)) {
            XCTAssertEqual("\($0)", "tensor transformer.layer.2.attention.q_lin.weight is missing from model.safetensors (expected shape [32, 32])")
        }
        json["n_layers"] = 2
        json["dim"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        XCTAssertThrowsError(try BertModel.load(directory: scratch)) {
            XCTAssertEqual("\($0)", "config.json is missing dim")
        }
        json["dim"] = 32
        json["n_heads"] = 5
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        XCTAssertThrowsError(try BertModel.load(directory: scratch)) {
            XCTAssertEqual("\($0)", "config.json: n_heads 5 does not divide dim 32")
        }
    }
}
