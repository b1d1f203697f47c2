import Encoder
import Foundation
import Heads
import TestSupport
import XCTest

/// Every head of every fixture checkpoint (each dtype) against transformers, from the reference hidden states,
/// so the heads are checked independently of the encoder.
final class HeadParityTests: XCTestCase {
    static let tolerance: Float = 1e-4

    func testEveryFixtureHeadMatchesTransformers() throws {
        let reference = try HeadReference.load()
        XCTAssertGreaterThanOrEqual(reference.models.count, 12)
        for (name, model) in reference.models.sorted(by: { $0.key < $1.key }) {
            let heads = try ModelHeads.load(directory: HeadReference.directory(model))
            XCTAssertEqual(heads.architecture, model.architecture, name)
            for (index, reference) in model.cases.enumerated() {
                let output = try HeadReference.output(reference, hiddenSize: heads.config.hiddenSize)
                try Self.check(heads, output: output, against: reference, label: "\(name) case \(index)", topK: 5)
            }
        }
    }

    /// Compares what `heads` computes on `output` with one reference case; exactly one head must match the case.
    static func check(_ heads: ModelHeads, output: EncoderOutput, against reference: HeadReference.Case,
                      label: String, topK: Int) throws {
        if let expected = reference.mlm {
            let head = try XCTUnwrap(heads.maskedLM, label)
            let queries = expected.map { MaskedLMQuery(layer: $0.layer, position: $0.position) }
            let predictions = head.predict(output, queries: queries, topK: topK)
            XCTAssertEqual(predictions.count, expected.count, label)
            for (got, want) in zip(predictions, expected) {
                XCTAssertEqual(got.top.count, want.ids.count)
                for (rank, (entry, probability)) in zip(got.top, want.probabilities).enumerated() {
                    // Ranks agree in probability; ids agree unless two entries are tied within the tolerance.
                    XCTAssertEqual(entry.probability, probability, accuracy: tolerance,
                                   "\(label) layer \(want.layer) position \(want.position) rank \(rank)")
                    if entry.id != want.ids[rank] {
                        let other = want.ids.firstIndex(of: entry.id).map { want.probabilities[$0] } ?? -1
                        XCTAssertEqual(other, probability, accuracy: tolerance, "\(label) rank \(rank) id \(entry.id)")
                    }
                }
            }
        } else {
            XCTAssertNil(heads.maskedLM, label)
        }
        if let probabilities = reference.probabilities, let logits = reference.logits {
            let result = try XCTUnwrap(heads.sequenceClassifier, label).classify(output)
            assertClose(result.probabilities, probabilities, label)
            assertClose(result.logits, logits, label, tolerance: 1e-3)
        } else {
            XCTAssertNil(heads.sequenceClassifier, label)
        }
        if let probabilities = reference.token_probabilities {
            let results = try XCTUnwrap(heads.tokenClassifier, label).classify(output)
            XCTAssertEqual(results.count, probabilities.count, label)
            for (token, (got, want)) in zip(results, probabilities).enumerated() {
                assertClose(got.probabilities, want, "\(label) token \(token)")
            }
        } else {
            XCTAssertNil(heads.tokenClassifier, label)
        }
        if let replaced = reference.replaced {
            assertClose(try XCTUnwrap(heads.replacedToken, label).probabilities(output), replaced, label)
        } else {
            XCTAssertNil(heads.replacedToken, label)
        }
    }

    static func assertClose(_ got: [Float], _ want: [Float], _ label: String, tolerance: Float = tolerance) {
        XCTAssertEqual(got.count, want.count, label)
        for (index, (a, b)) in zip(got, want).enumerated() {
            XCTAssertEqual(a, b, accuracy: tolerance, "\(label) [\(index)]")
        }
    }
}
