import Encoder
import Foundation
import TestSupport
import XCTest

/// `BertModel.load` on directories holding only `pytorch_model.bin`, or sharded safetensors: the same weights as
/// `model.safetensors` (written by the fixture script from one model) give the same encoder output, bit for bit.
final class CheckpointDirectoryTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.url("hub/repo/config.json"), to: directory.appendingPathComponent("config.json"))
    }

    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    private func copy(_ fixture: String, as name: String) throws {
        try FileManager.default.copyItem(at: Fixtures.url(fixture), to: directory.appendingPathComponent(name))
    }

    private func assertSameOutput(_ model: BertModel, file: StaticString = #filePath, line: UInt = #line) throws {
        let reference = try BertModel.load(directory: Fixtures.url("hub/repo"))
        let ids = [2, 5, 6, 7, 8, 5, 9, 3], segments = [Int](repeating: 0, count: 8)
        let expected = try reference.forward(ids: ids, segments: segments)
        let output = try model.forward(ids: ids, segments: segments)
        XCTAssertEqual(output.layers, expected.layers, file: file, line: line)
        for layer in 0..<expected.hiddenStates.count {
            XCTAssertTrue(output.hiddenStates[layer].elementsEqual(expected.hiddenStates[layer]), "hidden states \(layer)", file: file, line: line)
        }
        for layer in 0..<expected.attentions.count {
            XCTAssertTrue(output.attentions[layer].elementsEqual(expected.attentions[layer]), "attentions \(layer)", file: file, line: line)
        }
    }

    func testDirectoryWithOnlyPyTorchBin() throws {
        try copy("hub/repo/pytorch_model.bin", as: "pytorch_model.bin")
        try assertSameOutput(try BertModel.load(directory: directory))
    }

    func testShardedSafetensors() throws {
        let sharded = Fixtures.url("hub/sharded")
        let shards = try FileManager.default.contentsOfDirectory(atPath: sharded.path).filter { $0.hasPrefix("model-") }
        XCTAssertGreaterThan(shards.count, 1)
        for name in shards + ["model.safetensors.index.json"] { try copy("hub/sharded/" + name, as: name) }
        try assertSameOutput(try BertModel.load(directory: directory))

        try FileManager.default.removeItem(at: directory.appendingPathComponent(shards.sorted()[0]))
        XCTAssertThrowsError(try BertModel.load(directory: directory)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(shards.sorted()[0]) is missing from"), "\(error)")
        }
    }

    func testHostileBinAndIndexFailWithOneLine() throws {
        try copy("hub/pickles/os-system.bin", as: "pytorch_model.bin")
        XCTAssertThrowsError(try BertModel.load(directory: directory)) { error in
            XCTAssertTrue("\(error)".hasPrefix("pytorch_model.bin: data.pkl byte "), "\(error)")
            XCTAssertTrue("\(error)".contains("refusing global posix.system"), "\(error)")
        }
        try Data(#"{"weight_map":{"w":"../../etc/passwd"}}"#.utf8).write(to: directory.appendingPathComponent("model.safetensors.index.json"))
        XCTAssertThrowsError(try BertModel.load(directory: directory)) { error in
            XCTAssertEqual("\(error)", "model.safetensors.index.json: tensor w names a shard that is not a file name beside the index")
        }
    }
}
