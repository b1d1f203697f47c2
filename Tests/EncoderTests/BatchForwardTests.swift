import Encoder
import Foundation
import TestSupport
import XCTest

/// `forward(batch:)` spreads sentences over the pool and gives what one-at-a-time passes give.
final class BatchForwardTests: XCTestCase {
    func testBatchMatchesOneAtATimeOnEveryBackend() throws {
        for backend in KernelBackend.available {
            let model = try BertModel.load(directory: Fixtures.url("encoder/models/tiny-base"), backend: backend)
            let inputs = (0..<9).map { sentence in
                (ids: (0..<(3 + 7 * sentence)).map { (17 * $0 + sentence) % 300 }, segments: [Int](repeating: 0, count: 3 + 7 * sentence))
            }
            let batched = try model.forward(batch: inputs)
            XCTAssertEqual(batched.count, inputs.count)
            for (input, output) in zip(inputs, batched) {
                let single = try model.forward(ids: input.ids, segments: input.segments)
                XCTAssertEqual(output.tokens, input.ids.count)
                XCTAssertEqual(output.attentions, single.attentions, "\(backend) \(input.ids.count) tokens")
                XCTAssertEqual(output.hiddenStates, single.hiddenStates, "\(backend) \(input.ids.count) tokens")
            }
            XCTAssertThrowsError(try model.forward(batch: [inputs[0], (ids: [], segments: [])])) { error in
                XCTAssertEqual("\(error)", "no tokens to encode")
            }
        }
    }
}
