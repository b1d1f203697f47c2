import Encoder
import Foundation
import Heads
import TestSupport
import WordPiece
import XCTest

/// Tokenizer + encoder + heads on every head fixture (BERT, DistilBERT, ELECTRA; each dtype) against transformers' own task-model outputs.
final class EndToEndParityTests: XCTestCase {
    func testEveryCheckpointMatchesTransformersFromText() throws {
        let reference = try HeadReference.load()
        XCTAssertGreaterThanOrEqual(reference.models.count, 14)
        for (name, model) in reference.models.sorted(by: { $0.key < $1.key }) {
            let directory = HeadReference.directory(model)
            let tokenizer = try BertTokenizer.load(directory: directory)
            let encoder = try BertModel.load(directory: directory)
            let heads = try ModelHeads.load(directory: directory)
            for (index, reference) in model.cases.enumerated() {
                let encoding = tokenizer.encode(reference.text, pair: reference.pair)
                XCTAssertEqual(encoding.ids, reference.ids, name)
                let output = try encoder.forward(ids: encoding.ids, segments: encoding.segments)
                try HeadParityTests.check(heads, output: output, against: reference, label: "\(name) case \(index)", topK: 5)
            }
        }
    }
}
