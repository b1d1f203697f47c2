import Encoder
import Foundation
import TestSupport
import XCTest

/// A checkpoint split into shards by `model.safetensors.index.json` loads to the same model as the single file,
/// and a hostile index is refused before any shard is opened.
final class ShardedCheckpointTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sharded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let source = Fixtures.url("encoder/models/tiny-base")
        try FileManager.default.copyItem(at: source.appendingPathComponent("config.json"), to: scratch.appendingPathComponent("config.json"))
        // Split tiny-base's tensors over two shards (alternating, so every layer spans both).
        let store = try TensorStore.open(directory: source)
        var shards = [SafeTensorsBuilder(), SafeTensorsBuilder()]
        var weightMap: [String: String] = [:]
        for (index, name) in store.names.enumerated() {
            let tensor = try XCTUnwrap(store.tensor(name))
            shards[index % 2].addFloat32(name, shape: tensor.shape, values: tensor.floats())
            weightMap[name] = "model-0000\(index % 2 + 1)-of-00002.safetensors"
        }
        for (index, shard) in shards.enumerated() {
            try shard.bytes().write(to: scratch.appendingPathComponent("model-0000\(index + 1)-of-00002.safetensors"))
        }
        try writeIndex(weightMap)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func writeIndex(_ weightMap: [String: String]) throws {
        let json: [String: Any] = ["metadata": ["total_size": 0], "weight_map": weightMap]
        try JSONSerialization.data(withJSONObject: json).write(to: scratch.appendingPathComponent("model.safetensors.index.json"))
    }

    func testShardedCheckpointMatchesTheSingleFile() throws {
        let sharded = try BertModel.load(directory: scratch)
        XCTAssertEqual(sharded.tensors.label, "model.safetensors.index.json")
        let single = try BertModel.load(directory: Fixtures.url("encoder/models/tiny-base"))
        let ids = [2, 40, 41, 42, 3], segments = [0, 0, 0, 1, 1]
        XCTAssertEqual(try sharded.forward(ids: ids, segments: segments).hiddenStates,
                       try single.forward(ids: ids, segments: segments).hiddenStates)
    }

    func testRefusesHostileOrInconsistentIndexes() throws {
        func assertRefused(_ weightMap: [String: String], _ message: String, line: UInt = #line) throws {
            try writeIndex(weightMap)
            XCTAssertThrowsError(try BertModel.load(directory: scratch), line: line) {
                XCTAssertEqual("\($0)", message, line: line)
            }
        }
        try assertRefused(["embeddings.word_embeddings.weight": "../../etc/passwd"],
                          "model.safetensors.index.json: the shard of tensor \"embeddings.word_embeddings.weight\" is not a file name in the model directory: \"../../etc/passwd\"")
        try assertRefused(["x": "shard\u{1B}[2J.safetensors"],
                          "model.safetensors.index.json: the shard of tensor \"x\" is not a file name in the model directory: \"shard\\u{1B}[2J.safetensors\"")
        try assertRefused(["x": "model-00003-of-00002.safetensors"], "model-00003-of-00002.safetensors is missing")
        try assertRefused(["embeddings.word_embeddings.weight": "model-00002-of-00002.safetensors"],
                          "model.safetensors.index.json: tensor \"embeddings.word_embeddings.weight\" is not in its shard model-00002-of-00002.safetensors")
        try assertRefused([:], "model.safetensors.index.json lists no tensors")
    }
}
