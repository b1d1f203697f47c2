import Encoder
import Foundation
import TestSupport
import XCTest

/// Compares the forward pass with Hugging Face `transformers` outputs stored by `make_encoder_fixtures.py`.
final class ParityTests: XCTestCase {
    func testMatchesTransformersOnEveryFixtureModel() throws {
        let cases = try ReferenceCase.all()
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        var models: [String: BertModel] = [:]
        var worstAttention: Float = 0, worstHidden: Float = 0
        for reference in cases {
            let model = try models[reference.model] ?? BertModel.load(directory: reference.directory)
            models[reference.model] = model
            let output = try model.forward(ids: reference.ids, segments: reference.segments)
            XCTAssertEqual(output.layers, reference.layers)
            XCTAssertEqual(output.heads, reference.heads)
            XCTAssertEqual(output.tokens, reference.tokens)
            XCTAssertEqual(output.hiddenSize, reference.hiddenSize)
            let attention = maxDifference(output.attentions.flatMap { $0 }, reference.attentions)
            let hidden = maxDifference(output.hiddenStates.flatMap { $0 }, reference.hiddenStates)
            print("parity \(reference.model) T=\(reference.tokens): max |diff| attention \(attention), hidden \(hidden)")
            XCTAssertLessThanOrEqual(attention, 1e-4, "\(reference.model) T=\(reference.tokens) attention")
            XCTAssertLessThanOrEqual(hidden, 1e-3, "\(reference.model) T=\(reference.tokens) hidden states")
            worstAttention = max(worstAttention, attention)
            worstHidden = max(worstHidden, hidden)
        }
        print("parity overall: max |diff| attention \(worstAttention), hidden \(worstHidden)")
    }

    private func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        XCTAssertEqual(a.count, b.count)
        var worst: Float = 0
        for (x, y) in zip(a, b) {
            let difference = abs(x - y)
            if !(difference <= worst) { worst = difference.isNaN ? .infinity : difference }
        }
        return worst
    }
}
