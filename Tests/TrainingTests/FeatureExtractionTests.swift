import Encoder
import Foundation
import TestSupport
import Training
import WordPiece
import XCTest

/// `FeatureExtractor.extract` runs examples in stacks (`BertModel.forward(stack:)`): the rows are those of one
/// example at a time, and an example the encoder refuses is reported with its own line.
final class FeatureExtractionTests: XCTestCase {
    private func extractor(_ directory: URL) throws -> FeatureExtractor {
        let model = try BertModel.load(directory: directory)
        return FeatureExtractor(model: model, tokenizer: try BertTokenizer.load(directory: directory),
                                pooler: try PoolerWeights.load(model: model), threads: 2)
    }

    private func extractAll(_ extractor: FeatureExtractor, _ examples: [LabeledExample], task: TrainingTask,
                            layers: [Int], pooling: Pooling) throws -> [Int: SentenceFeatures] {
        var all: [Int: SentenceFeatures] = [:]
        try extractor.extract(examples, task: task, layers: layers, pooling: pooling, chunk: 25) { all[$0] = $1 }
        return all
    }

    func testStackedExtractionGivesEachExampleItsOwnRows() throws {
        let extractor = try extractor(Fixtures.url("encoder/models/tiny-base"))
        let dataset = try Dataset.load(path: Fixtures.url("training/tiny3.csv").path, task: .sentence, columns: DataColumns())
        XCTAssertGreaterThan(dataset.examples.count, 50)
        let words = dataset.examples.map { example -> LabeledExample in
            var tagged = example
            tagged.words = example.text.split(separator: " ").map(String.init)
            tagged.tags = tagged.words.map { _ in "O" }
            return tagged
        }
        for (task, examples, pooling) in [(TrainingTask.sentence, dataset.examples, Pooling.mean), (.token, words, .cls)] {
            let stacked = try extractAll(extractor, examples, task: task, layers: [1, 3], pooling: pooling)
            XCTAssertEqual(stacked.count, examples.count)
            for (index, example) in examples.enumerated() {
                let alone = try extractor.features(text: example.text, pair: example.pair,
                                                   words: task == .token ? example.words : nil, task: task,
                                                   layers: [1, 3], pooling: pooling)
                let features = try XCTUnwrap(stacked[index])
                XCTAssertEqual(features.positions, alone.positions, "\(task) example \(index)")
                XCTAssertEqual(features.words, alone.words, "\(task) example \(index)")
                for (a, b) in zip(features.vectors, alone.vectors) {
                    XCTAssertEqual(a.count, b.count)
                    XCTAssertLessThanOrEqual(zip(a, b).map { abs($0 - $1) }.max() ?? 0, 1e-4, "\(task) example \(index)")
                }
            }
        }
    }

    /// A vocabulary longer than the embedding matrix (a hostile download): the stack with the bad example fails,
    /// and the error names that example's line, not another of its stack.
    func testAnExampleTheEncoderRefusesIsReportedWithItsLine() throws {
        let directory = try makeTemporaryDirectory("extraction")
        let source = Fixtures.url("encoder/models/tiny-base")
        for name in ["config.json", "model.safetensors", "vocab.txt"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        let vocabulary = directory.appendingPathComponent("vocab.txt")
        try (String(contentsOf: vocabulary, encoding: .utf8) + "zzzword\n").write(to: vocabulary, atomically: true, encoding: .utf8)
        let extractor = try extractor(directory)
        let examples = (0..<12).map { LabeledExample(text: $0 == 7 ? "the zzzword sat" : "the cat sat", label: "a", line: 100 + $0) }
        XCTAssertThrowsError(try extractAll(extractor, examples, task: .sentence, layers: [1], pooling: .cls)) { error in
            XCTAssertEqual("\(error)", "line 107: token id 300 is outside the vocabulary (size 300)")
        }
    }
}
