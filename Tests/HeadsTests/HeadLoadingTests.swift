import SafeText
import Foundation
import Heads
import TestSupport
import XCTest

/// Heads are loaded from hostile directories: every problem is a one-line error naming the field or tensor.
final class HeadLoadingTests: XCTestCase {
    /// A copy of fixture `name` whose config.json is edited by `edit`.
    private func copy(_ name: String, edit: (inout [String: Any]) -> Void) throws -> URL {
        let source = Fixtures.url("heads/models/\(name)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("heads-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: directory)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("config.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        return directory
    }

    private func loadError(_ directory: URL) -> String {
        do {
            _ = try ModelHeads.load(directory: directory)
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    func testAConfigThatIsAFIFOFailsAtOnce() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("heads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.json")
        XCTAssertEqual(mkfifo(config.path, 0o600), 0)
        XCTAssertThrowsError(try HeadConfig.load(url: config)) { error in
            XCTAssertTrue("\(error)".contains("\(config.path) is a FIFO (named pipe)"), "\(error)")
        }
    }

    func testLabelCountMustMatchTheClassifier() throws {
        let directory = try copy("bert-seq-f32") { $0["id2label"] = ["0": "a", "1": "b"] }
        XCTAssertEqual(loadError(directory), "config.json: id2label has 2 labels but classifier.weight has 3 rows")
    }

    func testLabelIdsMustBeZeroToN() throws {
        let directory = try copy("bert-seq-f32") { $0["id2label"] = ["0": "a", "1": "b", "7": "c"] }
        XCTAssertEqual(loadError(directory), "config.json: id2label must map the ids 0...2 to strings")
        let duplicate = try copy("bert-seq-f32") { $0["id2label"] = ["0": "a", "00": "b", "1": "c"] }
        XCTAssertEqual(loadError(duplicate), "config.json: id2label must map the ids 0...2 to strings")
    }

    func testArchitectureWithoutItsTensorsIsRefused() throws {
        let directory = try copy("bert-mlm-f32") { $0["architectures"] = ["BertForTokenClassification"] }
        XCTAssertEqual(loadError(directory), "tensor classifier.weight is missing from model.safetensors")
    }

    func testShapesAreChecked() throws {
        let directory = try copy("distilbert-mlm-f32") { $0["vocab_size"] = 301 }
        XCTAssertEqual(loadError(directory), "tensor distilbert.embeddings.word_embeddings.weight has shape [300, 16], expected [301, 16]")
        let untied = try copy("bert-mlm-f32") { $0["tie_word_embeddings"] = false }
        XCTAssertEqual(loadError(untied), "tensor cls.predictions.decoder.weight is missing from model.safetensors (expected shape [300, 16])")
    }

    func testHostileLabelsAreKeptForJSONAndEscapedForDisplay() throws {
        let hostile = "\u{1B}[31mred\u{202E}x\nz"
        let directory = try copy("distilbert-seq-f32") { $0["id2label"] = ["0": hostile, "1": "ok"] }
        let heads = try ModelHeads.load(directory: directory)
        let labels = try XCTUnwrap(heads.sequenceClassifier).labels
        XCTAssertEqual(labels, [hostile, "ok"])
        XCTAssertEqual(TerminalText.escaped(labels[0]), "\\u{1B}[31mred\\u{202E}x\\u{A}z")
    }

    func testWithoutID2LabelTheLabelsAreNumbered() throws {
        let directory = try copy("electra-seq-f16") { $0.removeValue(forKey: "id2label") }
        XCTAssertEqual(try ModelHeads.load(directory: directory).sequenceClassifier?.labels, ["LABEL_0", "LABEL_1"])
    }

    func testWithoutArchitecturesTheHeadsAreFoundByTheirTensors() throws {
        for (name, expected) in [("bert-mlm-f32", "mlm"), ("bert-seq-f32", "sequence"), ("bert-tok-f32", "token"),
                                 ("distilbert-seq-bf16", "sequence"), ("electra-discriminator-f32", "replaced")] {
            let directory = try copy(name) { $0.removeValue(forKey: "architectures") }
            let heads = try ModelHeads.load(directory: directory)
            let found = [heads.maskedLM != nil ? "mlm" : nil, heads.sequenceClassifier != nil ? "sequence" : nil,
                         heads.tokenClassifier != nil ? "token" : nil, heads.replacedToken != nil ? "replaced" : nil]
            XCTAssertEqual(found.compactMap { $0 }, [expected], name)
        }
    }

    func testABareEncoderHasNoHeads() throws {
        let heads = try ModelHeads.load(directory: Fixtures.url("encoder/models/tiny-base"))
        XCTAssertTrue(heads.isEmpty)
        XCTAssertEqual(heads.architecture, "BertModel")
    }
}
