import Encoder
import Foundation
import TestSupport
import Training
import WordPiece
import XCTest

/// Features, fitting and entity counting against transformers, scikit-learn and seqeval
/// (Tests/Fixtures/scripts/make_training_fixtures.py).
final class ReferenceParityTests: XCTestCase {
    private struct Reference: Decodable {
        let C: Double
        let labels: [String]
        let rows: Int
        let cls2: [[Float]]
        let mean3: [[Float]]
        let pooler: [[Float]]
        let probabilities: [[Double]]
    }

    private struct SeqevalCase: Decodable {
        let gold: [[String]]
        let predicted: [[String]]
        let entities: [[Value]]
        let precision: Double
        let recall: Double
        let f1: Double
    }

    private enum Value: Decodable {
        case text(String), number(Int)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }
    }

    private func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Fixtures.url("training/training-reference.json")))
    }

    private func extractor() throws -> FeatureExtractor {
        let directory = Fixtures.url("encoder/models/tiny-base")
        let model = try BertModel.load(directory: directory)
        return FeatureExtractor(model: model, tokenizer: try BertTokenizer.load(directory: directory),
                                pooler: try PoolerWeights.load(model: model), threads: 2)
    }

    func testFeaturesMatchTransformers() throws {
        let reference = try reference()
        let extractor = try extractor()
        let dataset = try Dataset.load(path: Fixtures.url("training/tiny3.csv").path, task: .sentence, columns: DataColumns())
        for (index, example) in dataset.examples.prefix(5).enumerated() {
            for (pooling, layer, expected) in [(Pooling.cls, 2, reference.cls2[index]), (.mean, 3, reference.mean3[index]),
                                               (.pooler, 3, reference.pooler[index])] {
                let features = try extractor.features(text: example.text, pair: nil, words: nil, task: .sentence,
                                                      layers: [layer], pooling: pooling)
                XCTAssertEqual(features.vectors[0].count, expected.count)
                for (a, b) in zip(features.vectors[0], expected) {
                    XCTAssertEqual(a, b, accuracy: 1e-4, "\(pooling) layer \(layer) row \(index)")
                }
            }
        }
    }

    /// The linear head minimises scikit-learn's multinomial objective when l2 = 1 / (C · n): same probabilities.
    func testLinearHeadMatchesScikitLearn() throws {
        let reference = try reference()
        let extractor = try extractor()
        let dataset = try Dataset.load(path: Fixtures.url("training/tiny3.csv").path, task: .sentence, columns: DataColumns())
        var matrix = FeatureMatrix(columns: extractor.hiddenSize)
        try extractor.extract(dataset.examples, task: .sentence, layers: [2], pooling: .cls) { index, features in
            features.vectors[0].withUnsafeBufferPointer {
                matrix.append($0, label: reference.labels.firstIndex(of: dataset.examples[index].label)!)
            }
        }
        let options = FitOptions(kind: .linear, epochs: 2000, l2: Float(1 / (reference.C * Double(reference.rows))))
        let head = HeadTrainer(options: options, classes: 3).fit(train: matrix, validation: nil)
        var probabilities = matrix.values.withUnsafeBufferPointer { head.logits($0.baseAddress!, rows: matrix.rows) }
        HeadParameters.softmax(&probabilities, classes: 3)
        for row in 0..<matrix.rows {
            for k in 0..<3 {
                XCTAssertEqual(Double(probabilities[row * 3 + k]), reference.probabilities[row][k], accuracy: 2e-3, "row \(row)")
            }
        }
    }

    func testEntityMetricsMatchSeqeval() throws {
        let cases = try JSONDecoder().decode([SeqevalCase].self, from: Data(contentsOf: Fixtures.url("training/seqeval-reference.json")))
        for (index, item) in cases.enumerated() {
            let entities = EntityMetrics.entities(item.gold)
            // seqeval numbers the flat sequence without separators for one sentence; compare the first sentence only there.
            if item.gold.count == 1 {
                let expected = item.entities.map { values -> Entity in
                    guard case .text(let type) = values[0], case .number(let start) = values[1], case .number(let end) = values[2] else { fatalError() }
                    return Entity(type: type, start: start, end: end)
                }
                XCTAssertEqual(entities.map { "\($0.type) \($0.start) \($0.end)" }, expected.map { "\($0.type) \($0.start) \($0.end)" }, "case \(index)")
            }
            let metrics = EntityMetrics(gold: item.gold, predicted: item.predicted)
            XCTAssertEqual(metrics.precision, item.precision, accuracy: 1e-9, "case \(index)")
            XCTAssertEqual(metrics.recall, item.recall, accuracy: 1e-9, "case \(index)")
            XCTAssertEqual(metrics.f1, item.f1, accuracy: 1e-9, "case \(index)")
        }
    }
}
